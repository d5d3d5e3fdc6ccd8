package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.spi.CacheStats;
import dev.janua.spi.PoolStats;
import dev.janua.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
  /** The example of the guide's "Performance Metrics Endpoint" section, verbatim. */
  private static final String GUIDE_EXAMPLE =
      """
      {
        "cache_stats": {
          "hits": 15234,
          "misses": 1823,
          "sets": 2045,
          "hit_rate_percent": 89.3,
          "l1_cache_size": 156,
          "redis_connected": true
        },
        "endpoint_performance": {
          "POST:/api/v1/auth/signin": {
            "count": 5234,
            "total_time": 125634.5,
            "min_time": 12.3,
            "max_time": 234.5,
            "avg_time": 24.0,
            "error_count": 12
          }
        },
        "database": {
          "connection_pool": {
            "active": 15,
            "idle": 5,
            "pending": 0
          }
        },
        "timestamp": "2025-01-11T12:00:00Z"
      }
      """;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ticker = new AtomicLong();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-11T12:00:00.750Z"));

  private MicrometerMetrics metrics(boolean withSources) {
    MicrometerMetrics.Builder b =
        MicrometerMetrics.builder()
            .registry(new SimpleMeterRegistry())
            .clock(clock)
            .ticker(ticker::get)
            .slowRequestThreshold(Duration.ofMillis(200))
            .slowRequestLog((m, p, d, s) -> {});
    if (withSources) {
      b.cacheStats(() -> new CacheStats(15234, 1823, 2045, 15000, 234, 156, true))
          .poolStats(() -> new PoolStats(15, 5, 0, 20));
    }
    return b.build();
  }

  private void request(MicrometerMetrics m, String method, String path, long micros, int status) {
    TimedRequest r = m.requestTimer().start(method, path, null);
    ticker.addAndGet(micros * 1000);
    r.finish(status);
  }

  @Test
  void snapshotJson_withActivity_matchesTheGuideShapeFieldByField() throws Exception {
    MicrometerMetrics m = metrics(true);
    request(m, "POST", "/api/v1/auth/signin", 12_300, 200);
    request(m, "POST", "/api/v1/auth/signin", 234_500, 500);
    request(m, "GET", "/api/v1/organizations/{id}", 1_000, 200);

    JsonNode actual = json.readTree(m.snapshotJson());
    JsonNode guide = json.readTree(GUIDE_EXAMPLE);

    assertSameShape("$", guide, actual);
  }

  @Test
  void snapshotJson_withoutSourcesOrRequests_keepsTheGuideShape() throws Exception {
    JsonNode actual = json.readTree(metrics(false).snapshotJson());
    JsonNode guide = json.readTree(GUIDE_EXAMPLE);

    assertSameShape("$", guide, actual);
    assertThat(actual.get("cache_stats").get("redis_connected").booleanValue()).isFalse();
    assertThat(actual.get("cache_stats").get("hits").longValue()).isZero();
    assertThat(actual.get("endpoint_performance").size()).isZero();
  }

  @Test
  void snapshot_withActivity_reportsTheValuesInMilliseconds() throws Exception {
    MicrometerMetrics m = metrics(true);
    request(m, "POST", "/api/v1/auth/signin", 12_300, 200);
    request(m, "POST", "/api/v1/auth/signin", 234_500, 500);
    request(m, "POST", "/api/v1/auth/signin", 25_200, 401);

    JsonNode s = json.readTree(m.snapshotJson());

    JsonNode cache = s.get("cache_stats");
    assertThat(cache.get("hits").longValue()).isEqualTo(15234);
    assertThat(cache.get("misses").longValue()).isEqualTo(1823);
    assertThat(cache.get("sets").longValue()).isEqualTo(2045);
    assertThat(cache.get("hit_rate_percent").doubleValue()).isEqualTo(89.3);
    assertThat(cache.get("l1_cache_size").longValue()).isEqualTo(156);
    assertThat(cache.get("redis_connected").booleanValue()).isTrue();

    JsonNode signin = s.get("endpoint_performance").get("POST:/api/v1/auth/signin");
    assertThat(signin.get("count").longValue()).isEqualTo(3);
    assertThat(signin.get("total_time").doubleValue()).isEqualTo(272.0);
    assertThat(signin.get("min_time").doubleValue()).isEqualTo(12.3);
    assertThat(signin.get("max_time").doubleValue()).isEqualTo(234.5);
    assertThat(signin.get("avg_time").doubleValue()).isEqualTo(90.67);
    // 5xx counts as an error, 4xx (a refused signin) does not
    assertThat(signin.get("error_count").longValue()).isEqualTo(1);

    JsonNode pool = s.get("database").get("connection_pool");
    assertThat(pool.get("active").intValue()).isEqualTo(15);
    assertThat(pool.get("idle").intValue()).isEqualTo(5);
    assertThat(pool.get("pending").intValue()).isZero();

    assertThat(s.get("timestamp").textValue()).isEqualTo("2025-01-11T12:00:00Z");
  }

  @Test
  void snapshot_whenAHandlerThrew_countsAnError() {
    MicrometerMetrics m = metrics(false);
    TimedRequest r = m.requestTimer().start("POST", "/api/v1/auth/refresh", null);
    ticker.addAndGet(1_000_000);
    r.finishExceptionally();

    @SuppressWarnings("unchecked")
    var endpoints = (java.util.Map<String, java.util.Map<String, Object>>) m.snapshot().get("endpoint_performance");
    assertThat(endpoints.get("POST:/api/v1/auth/refresh"))
        .containsEntry("count", 1L)
        .containsEntry("error_count", 1L);
  }

  @Test
  void snapshot_whenStatsSourcesThrow_stillAnswersTheShape() throws Exception {
    MicrometerMetrics m =
        MicrometerMetrics.builder()
            .registry(new SimpleMeterRegistry())
            .clock(clock)
            .cacheStats(() -> { throw new IllegalStateException("cache down"); })
            .poolStats(() -> { throw new IllegalStateException("pool down"); })
            .slowRequestThreshold(Duration.ZERO)
            .build();

    JsonNode actual = json.readTree(m.snapshotJson());

    assertSameShape("$", json.readTree(GUIDE_EXAMPLE), actual);
  }

  /**
   * Same keys at every level and the same JSON type at every leaf (integral number, floating
   * number, boolean, string). Under endpoint_performance the keys are endpoints, so every entry is
   * compared against the guide's one entry.
   */
  private static void assertSameShape(String at, JsonNode guide, JsonNode actual) {
    assertThat(actual.getNodeType()).as(at).isEqualTo(guide.getNodeType());
    if (guide.isObject()) {
      if (at.equals("$.endpoint_performance")) {
        JsonNode entryShape = guide.elements().next();
        for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          assertThat(key).as(at + " key").matches("[A-Z]+:/.*");
          assertSameShape(at + "." + key, entryShape, actual.get(key));
        }
        return;
      }
      assertThat(names(actual)).as(at + " keys").containsExactlyElementsOf(names(guide));
      for (String key : names(guide)) {
        assertSameShape(at + "." + key, guide.get(key), actual.get(key));
      }
    } else if (guide.isNumber()) {
      assertThat(actual.isIntegralNumber()).as(at + " integral").isEqualTo(guide.isIntegralNumber());
    } else if (guide.isTextual() && at.equals("$.timestamp")) {
      assertThat(actual.textValue()).as(at).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
