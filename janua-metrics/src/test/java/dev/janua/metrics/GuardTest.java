package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.RateLimitCategory;
import dev.janua.spi.CacheStats;
import dev.janua.spi.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GuardTest {

  /** A registry whose counters and timers throw on every recording while {@code broken}. */
  static final class BrokenRegistry extends SimpleMeterRegistry {
    final AtomicBoolean broken = new AtomicBoolean();

    @Override
    protected Counter newCounter(Meter.Id id) {
      return breakable(Counter.class, super.newCounter(id));
    }

    @Override
    protected Timer newTimer(
        Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      return breakable(Timer.class, super.newTimer(id, config, pauseDetector));
    }

    private <T> T breakable(Class<T> type, T real) {
      return type.cast(
          Proxy.newProxyInstance(
              GuardTest.class.getClassLoader(),
              new Class<?>[] {type},
              (proxy, method, args) -> {
                String n = method.getName();
                if (broken.get() && (n.startsWith("increment") || n.startsWith("record"))) {
                  throw new IllegalStateException("registry is broken");
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }));
    }
  }

  @Test
  void everyCallback_whenTheRegistryThrows_isSuppressed() {
    BrokenRegistry registry = new BrokenRegistry();
    AtomicLong ticker = new AtomicLong();
    MicrometerMetrics metrics =
        MicrometerMetrics.builder()
            .registry(registry)
            .ticker(ticker::get)
            .slowRequestThreshold(Duration.ofMillis(200))
            .slowRequestLog((m, p, d, s) -> {})
            .build();
    metrics.signinAttempt("success");
    registry.broken.set(true);

    assertThatCode(
            () -> {
              metrics.signinAttempt("success");
              metrics.signinAttempt("invalid_credentials");
              metrics.signupAttempt("success");
              metrics.operation("refresh", "invalid_token");
              metrics.operation("signin", "success");
              metrics.operation("change_password", "invalid_credentials");
              metrics.tokenValidation("valid", "none", true);
              metrics.tokenValidation("invalid", "bad_signature", false);
              metrics.refreshRotation();
              metrics.refreshReuseDetected();
              metrics.rateLimitDecision(RateLimitCategory.AUTHENTICATION, true);
              metrics.rateLimitDecision(null, false);
              metrics.passwordHash(Duration.ofMillis(1), Duration.ofMillis(250));
              TimedRequest r = metrics.requestTimer().start("GET", "/a", null);
              ticker.addAndGet(1_000_000);
              assertThat(r.finish(200)).isEqualTo("1.00ms");
              metrics.snapshot();
            })
        .doesNotThrowAnyException();

    // the registry really was throwing
    assertThatThrownBy(() -> registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "success").counter().increment())
        .isInstanceOf(IllegalStateException.class);

    // recording resumes once the registry works again
    registry.broken.set(false);
    metrics.signinAttempt("success");
    assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "success").counter().count())
        .isEqualTo(2.0);
  }

  @Test
  void finish_whenTheSlowRequestLogThrows_stillRecordsAndAnswers() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong ticker = new AtomicLong();
    MicrometerMetrics metrics =
        MicrometerMetrics.builder()
            .registry(registry)
            .ticker(ticker::get)
            .slowRequestThreshold(Duration.ZERO)
            .slowRequestLog((m, p, d, s) -> { throw new IllegalStateException("log down"); })
            .build();
    TimedRequest r = metrics.requestTimer().start("GET", "/a", null);
    ticker.addAndGet(2_000_000);

    assertThat(r.finish(200)).isEqualTo("2.00ms");
    assertThat(registry.get(MeterNames.HTTP_REQUESTS).counter().count()).isEqualTo(1.0);
  }

  @Test
  void scrape_whenStatsSourcesStartThrowing_reportsTheLastGoodValues() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean broken = new AtomicBoolean();
    MicrometerMetrics.builder()
        .registry(registry)
        .slowRequestThreshold(Duration.ofMillis(200))
        .cacheStats(
            () -> {
              if (broken.get()) {
                throw new IllegalStateException("cache down");
              }
              return new CacheStats(7, 3, 1, 7, 0, 2, true);
            })
        .poolStats(
            () -> {
              if (broken.get()) {
                throw new IllegalStateException("pool down");
              }
              return new PoolStats(4, 6, 1, 10);
            })
        .build();
    registry.scrape();
    broken.set(true);

    String scrape = registry.scrape();

    assertThat(scrape).containsPattern("(?m)^janua_cache_hits_total 7(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_cache_hit_rate 0\\.7$");
    assertThat(scrape).containsPattern("(?m)^janua_db_connections_active 4(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_db_connections_pending 1(\\.0)?$");
  }
}
