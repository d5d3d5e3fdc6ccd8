package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.PurgeCounts;
import dev.janua.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a retention purge deleted becomes {@code janua_retention_purged_total} by kind. */
class RetentionMetricsTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "test-agent");

  @Test
  void purge_countsDeletedRowsByKind_asPrometheusCounter() {
    MutableClock clock = MutableClock.startingAt2026();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics = MicrometerMetrics.builder().registry(registry).build();
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4)
        .retentionPurgeInterval(Duration.ZERO).build();
    try (AuthEngine engine = AuthEngine.builder().config(config).clock(clock).metrics(metrics)
        .build()) {
      AuthResult a = engine.signup("retention-metrics@example.com", "correct horse battery",
          CLIENT);
      engine.signout(engine.validate(a.tokens().accessToken()));
      clock.advance(config.retentionGrace().plusSeconds(1));
      PurgeCounts counts = engine.purge();
      assertThat(counts.sessions()).isEqualTo(1);
      assertThat(counts.refreshTokens()).isEqualTo(1);
      assertThat(registry.get(MeterNames.RETENTION_PURGED).tags("kind", "sessions").counter()
          .count()).isEqualTo(1.0);
      clock.advance(config.auditRetention());
      long audit = engine.purge().auditEvents();
      assertThat(audit).isPositive();
      assertThat(registry.get(MeterNames.RETENTION_PURGED).tags("kind", "audit_events").counter()
          .count()).isEqualTo(audit);
      assertThat(registry.scrape()).contains("# TYPE janua_retention_purged_total counter")
          .contains("janua_retention_purged_total{kind=\"refresh_tokens\"} 1.0");
    }
  }
}
