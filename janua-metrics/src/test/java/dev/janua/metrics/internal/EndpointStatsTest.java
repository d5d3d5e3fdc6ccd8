package dev.janua.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointStatsTest {

  @Test
  void key_pastTheCap_foldsNewEndpointsIntoOther() {
    EndpointStats stats = new EndpointStats(2);
    stats.record(stats.key("GET", "/a"), 1_000_000, false);
    stats.record(stats.key("GET", "/b"), 1_000_000, false);

    assertThat(stats.key("GET", "/a")).isEqualTo("GET:/a");
    assertThat(stats.key("GET", "/c")).isEqualTo("GET:other");
  }

  @Test
  void snapshot_recordsCountTimesAndErrors() {
    EndpointStats stats = new EndpointStats(10);
    stats.record("POST:/x", 2_000_000, false);
    stats.record("POST:/x", 4_500_000, true);

    @SuppressWarnings("unchecked")
    Map<String, Object> x = (Map<String, Object>) stats.snapshot().get("POST:/x");
    assertThat(x)
        .containsEntry("count", 2L)
        .containsEntry("total_time", 6.5)
        .containsEntry("min_time", 2.0)
        .containsEntry("max_time", 4.5)
        .containsEntry("avg_time", 3.25)
        .containsEntry("error_count", 1L);
  }
}
