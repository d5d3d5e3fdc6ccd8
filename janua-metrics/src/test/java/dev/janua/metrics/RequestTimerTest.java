package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import dev.janua.metrics.internal.Slf4jSlowRequestLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;

class RequestTimerTest {
  private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> slow = new ArrayList<>();

  private RequestTimer timer(Duration threshold) {
    return MicrometerMetrics.builder()
        .registry(registry)
        .ticker(ticker::get)
        .slowRequestThreshold(threshold)
        .slowRequestLog((m, p, d, s) -> slow.add(m + " " + p + " " + d + " " + s))
        .build()
        .requestTimer();
  }

  private void advanceMicros(long micros) {
    ticker.addAndGet(micros * 1000);
  }

  @Test
  void start_wellFormedIncomingId_keepsIt() {
    RequestTimer t = timer(Duration.ofMillis(200));

    assertThat(t.start("GET", "/health", "abc-123_X.y").requestId()).isEqualTo("abc-123_X.y");
    String max = "a".repeat(128);
    assertThat(t.start("GET", "/health", max).requestId()).isEqualTo(max);
  }

  @Test
  void start_missingOrMalformedIncomingId_generatesAUuid() {
    RequestTimer t = timer(Duration.ofMillis(200));

    for (String bad :
        new String[] {null, "", "a".repeat(129), "has space", "inject\r\nX-Evil: 1", "<script>", "é"}) {
      String id = t.start("GET", "/health", bad).requestId();
      assertThat(id).as("for %s", bad).isNotEqualTo(bad);
      assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }
  }

  @Test
  void start_twoRequestsWithoutIds_getDistinctIds() {
    RequestTimer t = timer(Duration.ofMillis(200));

    assertThat(t.start("GET", "/a", null).requestId())
        .isNotEqualTo(t.start("GET", "/a", null).requestId());
  }

  @Test
  void finish_returnsTheResponseTimeInMillisecondsWithTwoDecimals() {
    RequestTimer t = timer(Duration.ofMillis(200));
    TimedRequest r = t.start("POST", "/api/v1/auth/signin", null);
    advanceMicros(23_450);

    assertThat(r.finish(200)).isEqualTo("23.45ms");
  }

  @Test
  void formatResponseTime_roundsAndPads() {
    assertThat(RequestTimer.formatResponseTime(0)).isEqualTo("0.00ms");
    assertThat(RequestTimer.formatResponseTime(1_234_567)).isEqualTo("1.23ms");
    assertThat(RequestTimer.formatResponseTime(1_500_000_000L)).isEqualTo("1500.00ms");
    assertThat(RequestTimer.formatResponseTime(-5)).isEqualTo("0.00ms");
  }

  @Test
  void finish_recordsTimerAndCounterPerMethodTemplateAndStatus() {
    RequestTimer t = timer(Duration.ofMillis(200));
    TimedRequest r = t.start("post", "/api/v1/auth/signin", null);
    advanceMicros(10_000);
    r.finish(201);

    var timerMeter =
        registry.get(MeterNames.HTTP_REQUEST_DURATION)
            .tags("method", "POST", "path", "/api/v1/auth/signin", "status", "201")
            .timer();
    assertThat(timerMeter.count()).isEqualTo(1);
    assertThat(timerMeter.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(10.0);
    assertThat(
            registry.get(MeterNames.HTTP_REQUESTS)
                .tags("method", "POST", "path", "/api/v1/auth/signin", "status", "201")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void finish_calledTwice_recordsOnceAndAnswersTheSameValue() {
    RequestTimer t = timer(Duration.ofMillis(200));
    TimedRequest r = t.start("GET", "/x", null);
    advanceMicros(1_000);
    String first = r.finish(200);
    advanceMicros(5_000);

    assertThat(r.finish(500)).isEqualTo(first);
    assertThat(r.finishExceptionally()).isEqualTo(first);
    assertThat(registry.get(MeterNames.HTTP_REQUESTS).counters()).hasSize(1);
    assertThat(registry.get(MeterNames.HTTP_REQUESTS).counter().count()).isEqualTo(1.0);
  }

  @Test
  void finish_slowerThanThreshold_reportsASlowRequest() {
    RequestTimer t = timer(Duration.ofMillis(200));
    TimedRequest r = t.start("GET", "/api/v1/organizations/{id}/members", null);
    advanceMicros(234_500);
    r.finish(200);

    assertThat(slow).containsExactly("GET /api/v1/organizations/{id}/members 234.5 200");
  }

  @Test
  void finish_atOrBelowThreshold_reportsNothing() {
    RequestTimer t = timer(Duration.ofMillis(200));
    TimedRequest r = t.start("GET", "/a", null);
    advanceMicros(200_000);
    r.finish(200);

    assertThat(slow).isEmpty();
  }

  @Test
  void build_withoutThreshold_readsLogSlowRequestThresholdFromTheEnvironment() {
    RequestTimer t =
        MicrometerMetrics.builder()
            .registry(registry)
            .environment(Map.of("LOG_SLOW_REQUEST_THRESHOLD", "50"))
            .build()
            .requestTimer();

    assertThat(t.slowRequestThreshold()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void build_withoutThresholdOrVariable_defaultsTo200ms() {
    RequestTimer t =
        MicrometerMetrics.builder().registry(registry).environment(Map.of()).build().requestTimer();

    assertThat(t.slowRequestThreshold()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void build_malformedThresholdVariable_failsNamingTheVariable() {
    for (String bad : new String[] {"abc", "-1", "1.5", "200ms", "99999999999"}) {
      assertThatThrownBy(
              () ->
                  MicrometerMetrics.builder()
                      .registry(registry)
                      .environment(Map.of("LOG_SLOW_REQUEST_THRESHOLD", bad))
                      .build())
          .as("value %s", bad)
          .isInstanceOf(JanuaConfigException.class)
          .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD")
          .hasMessageContaining("from 0 to 3600000")
          .satisfies(
              e -> assertThat(((JanuaConfigException) e).variable()).isEqualTo("LOG_SLOW_REQUEST_THRESHOLD"));
    }
  }

  @Test
  void builder_badArguments_failAtOnceNamingTheArgument() {
    assertThatThrownBy(() -> MicrometerMetrics.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registry");
    assertThatThrownBy(() -> MicrometerMetrics.builder().registry(null))
        .hasMessageContaining("registry");
    assertThatThrownBy(() -> MicrometerMetrics.builder().slowRequestThreshold(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold")
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD");
    assertThatThrownBy(() -> MicrometerMetrics.builder().slowRequestThreshold(Duration.ofMillis(3_600_001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD")
        .hasMessageContaining("from 0 to 3600000");
    assertThatThrownBy(() -> MicrometerMetrics.builder().slowRequestThreshold(null))
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD");
    assertThatThrownBy(() -> MicrometerMetrics.builder().environment(Map.of("LOG_SLOW_REQUEST_THRESHOLD", "x")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("LOG_SLOW_REQUEST_THRESHOLD");
    assertThatThrownBy(() -> MicrometerMetrics.builder().ticker(null)).hasMessageContaining("ticker");
  }

  @Test
  void slf4jSlowRequestLog_logsAStructuredWarningWithTheGuideFields() {
    List<LoggingEvent> events = new ArrayList<>();
    Logger logger = capturingLogger(events);

    new Slf4jSlowRequestLog(logger).slowRequest("GET", "/api/v1/organizations/{id}/members", 234.5, 200);

    assertThat(events).hasSize(1);
    LoggingEvent e = events.get(0);
    assertThat(e.getLevel()).isEqualTo(Level.WARN);
    assertThat(e.getMessage()).isEqualTo("Slow request detected");
    Map<String, Object> kv =
        e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
    assertThat(kv)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "method", "GET",
                "path", "/api/v1/organizations/{id}/members",
                "duration_ms", 234.5,
                "status_code", 200));
  }

  /** An slf4j Logger that hands every fluent-API event to {@code sink}. */
  static Logger capturingLogger(List<LoggingEvent> sink) {
    InvocationHandler h =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("log") && args != null && args.length == 1 && args[0] instanceof LoggingEvent ev) {
            sink.add(ev);
            return null;
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (name.equals("getName")) {
            return "capture";
          }
          if (name.startsWith("is") && name.endsWith("Enabled")) {
            return true;
          }
          if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
          }
          if (name.equals("equals")) {
            return proxy == args[0];
          }
          if (name.equals("toString")) {
            return "capture";
          }
          return null;
        };
    return (Logger)
        Proxy.newProxyInstance(
            RequestTimerTest.class.getClassLoader(),
            new Class<?>[] {Logger.class, LoggingEventAware.class},
            h);
  }
}
