package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Notification outcomes become {@code janua.notifications} by kind and result. */
class NotificationMetricsTest {
  @Test
  void notification_countedByKindAndResult() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMetrics metrics = MicrometerMetrics.builder().registry(registry)
        .slowRequestThreshold(Duration.ofMillis(200)).build();
    metrics.notification("password_reset", "delivered");
    metrics.notification("password_reset", "delivered");
    metrics.notification("password_reset", "retried");
    assertThat(registry.get(MeterNames.NOTIFICATIONS).tags("kind", "password_reset",
        "result", "delivered").counter().count()).isEqualTo(2.0);
    assertThat(registry.get(MeterNames.NOTIFICATIONS).tags("kind", "password_reset",
        "result", "retried").counter().count()).isEqualTo(1.0);
  }
}
