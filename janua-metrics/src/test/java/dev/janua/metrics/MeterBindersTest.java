package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfig;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MeterBindersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void cacheStatsMeterBinder_bindTo_followsTheSource() {
    AtomicReference<CacheStats> stats = new AtomicReference<>(new CacheStats(0, 0, 0, 0, 0, 0, false));
    new CacheStatsMeterBinder(stats::get).bindTo(registry);
    stats.set(new CacheStats(9, 1, 4, 6, 3, 12, true));

    assertThat(registry.get(MeterNames.CACHE_HITS).functionCounter().count()).isEqualTo(9);
    assertThat(registry.get(MeterNames.CACHE_MISSES).functionCounter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.CACHE_SETS).functionCounter().count()).isEqualTo(4);
    assertThat(registry.get(MeterNames.CACHE_TIER_HITS).tag("tier", "l1").functionCounter().count()).isEqualTo(6);
    assertThat(registry.get(MeterNames.CACHE_TIER_HITS).tag("tier", "l2").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get(MeterNames.CACHE_HIT_RATE).gauge().value()).isEqualTo(0.9);
    assertThat(registry.get(MeterNames.CACHE_L1_SIZE).gauge().value()).isEqualTo(12);
    assertThat(registry.get(MeterNames.CACHE_L2_CONNECTED).gauge().value()).isEqualTo(1);
  }

  @Test
  void poolStatsMeterBinder_bindTo_followsTheSource() {
    AtomicReference<PoolStats> stats = new AtomicReference<>(new PoolStats(0, 0, 0, 10));
    new PoolStatsMeterBinder(stats::get).bindTo(registry);
    stats.set(new PoolStats(7, 2, 3, 10));

    assertThat(registry.get(MeterNames.DB_CONNECTIONS_ACTIVE).gauge().value()).isEqualTo(7);
    assertThat(registry.get(MeterNames.DB_CONNECTIONS_IDLE).gauge().value()).isEqualTo(2);
    assertThat(registry.get(MeterNames.DB_CONNECTIONS_PENDING).gauge().value()).isEqualTo(3);
    assertThat(registry.get(MeterNames.DB_CONNECTIONS_MAX).gauge().value()).isEqualTo(10);
  }

  @Test
  void rateLimitMeterBinder_bindTo_publishesConfiguredLimitsAndZeroDecisions() {
    JanuaConfig config =
        JanuaConfig.builder().rateLimit(RateLimitCategory.WEBHOOKS, new RateLimitRule(7, 70)).build();
    new RateLimitMeterBinder(config::rateLimitRule).bindTo(registry);

    assertThat(registry.get(MeterNames.RATE_LIMIT_LIMIT).tags("category", "webhooks", "window", "minute").gauge().value())
        .isEqualTo(7);
    assertThat(registry.get(MeterNames.RATE_LIMIT_LIMIT).tags("category", "webhooks", "window", "hour").gauge().value())
        .isEqualTo(70);
    assertThat(registry.get(MeterNames.RATE_LIMIT_LIMIT).tags("category", "authentication", "window", "minute").gauge().value())
        .isEqualTo(10);
    assertThat(registry.get(MeterNames.RATE_LIMIT_DECISIONS).counters())
        .hasSize(RateLimitCategory.values().length * 2)
        .allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void binders_nullArguments_failNamingTheArgument() {
    assertThatThrownBy(() -> new CacheStatsMeterBinder(null)).hasMessageContaining("source");
    assertThatThrownBy(() -> new PoolStatsMeterBinder(null)).hasMessageContaining("source");
    assertThatThrownBy(() -> new RateLimitMeterBinder(null)).hasMessageContaining("rules");
    assertThatThrownBy(() -> RateLimitMeterBinder.withDefaultRules().bindTo(null)).hasMessageContaining("registry");
  }

  @Test
  void metrics_unknownResultsAndReasons_areTaggedOther() {
    MicrometerMetrics m = MicrometerMetrics.builder().registry(registry).slowRequestThreshold(java.time.Duration.ZERO).build();
    m.signinAttempt("something_new");
    m.signupAttempt(null);
    m.signinAttempt("store_unavailable");
    m.tokenValidation("invalid", "no_such_reason", true);

    assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "other").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "store_unavailable").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.SIGNUP_ATTEMPTS).tag("result", "other").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.TOKEN_VALIDATIONS).tags("result", "invalid", "reason", "other", "cached", "true").counter().count())
        .isEqualTo(1);
  }

  @Test
  void metrics_unknownOperationsAndResults_areTaggedOther() {
    MicrometerMetrics m = MicrometerMetrics.builder().registry(registry).slowRequestThreshold(java.time.Duration.ZERO).build();
    m.operation("alice@example.com", "success");
    m.operation("refresh", "something_new");
    m.operation(null, null);

    assertThat(registry.get(MeterNames.OPERATIONS).tags("operation", "other", "result", "success").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeterNames.OPERATIONS).tags("operation", "refresh", "result", "other").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeterNames.OPERATIONS).tags("operation", "other", "result", "other").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MeterNames.REFRESH_ATTEMPTS).tag("result", "other").counter().count()).isEqualTo(1);
  }

  @Test
  void metrics_operation_passesSigninAndSignupToTheirAttemptCounters() {
    MicrometerMetrics m = MicrometerMetrics.builder().registry(registry).slowRequestThreshold(java.time.Duration.ZERO).build();
    m.operation("signin", "invalid_credentials");
    m.operation("signup", "conflict");
    m.operation("change_password", "invalid_credentials");

    assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).tag("result", "invalid_credentials").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.SIGNUP_ATTEMPTS).tag("result", "conflict").counter().count()).isEqualTo(1);
    // a password change is not a signin
    assertThat(registry.get(MeterNames.SIGNIN_ATTEMPTS).counters()).allSatisfy(c -> assertThat(c.count()).isLessThanOrEqualTo(1));
    assertThat(registry.get(MeterNames.OPERATIONS).tags("operation", "change_password", "result", "invalid_credentials")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void bindStats_afterBuild_publishesTheSumOfEverySourceOnce() {
    MicrometerMetrics m = MicrometerMetrics.builder().registry(registry).slowRequestThreshold(java.time.Duration.ZERO).build();
    assertThat(registry.find(MeterNames.CACHE_HITS).meter()).isNull();
    assertThat(registry.find(MeterNames.DB_CONNECTIONS_ACTIVE).meter()).isNull();

    AtomicReference<CacheStats> a = new AtomicReference<>(new CacheStats(9, 1, 4, 6, 3, 12, true));
    CacheStatsSource first = a::get;
    m.bindCacheStats(first);
    m.bindCacheStats(first); // the same source again counts once
    m.bindCacheStats(() -> new CacheStats(1, 9, 1, 1, 0, 3, false));
    PoolStatsSource pool = () -> new PoolStats(7, 2, 3, 10);
    m.bindPoolStats(pool);
    m.bindPoolStats(pool);
    m.bindPoolStats(() -> new PoolStats(1, 1, 0, 5));

    assertThat(registry.get(MeterNames.CACHE_HITS).functionCounter().count()).isEqualTo(10);
    assertThat(registry.get(MeterNames.CACHE_MISSES).functionCounter().count()).isEqualTo(10);
    assertThat(registry.get(MeterNames.CACHE_HIT_RATE).gauge().value()).isEqualTo(0.5);
    assertThat(registry.get(MeterNames.CACHE_L1_SIZE).gauge().value()).isEqualTo(15);
    // connected only when every shared tier is
    assertThat(registry.get(MeterNames.CACHE_L2_CONNECTED).gauge().value()).isZero();
    assertThat(registry.get(MeterNames.DB_CONNECTIONS_ACTIVE).gauge().value()).isEqualTo(8);
    assertThat(registry.get(MeterNames.DB_CONNECTIONS_MAX).gauge().value()).isEqualTo(15);
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> cache = (java.util.Map<String, Object>) m.snapshot().get("cache_stats");
    assertThat(cache).containsEntry("hits", 10L).containsEntry("hit_rate_percent", 50.0);
    assertThatThrownBy(() -> m.bindCacheStats(null)).hasMessageContaining("source");
    assertThatThrownBy(() -> m.bindPoolStats(null)).hasMessageContaining("source");
  }
}
