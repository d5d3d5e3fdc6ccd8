package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleSettingsTest {

  @Test
  void fromMap_nothingSet_defaults() {
    ExampleSettings s = ExampleSettings.fromMap(Map.of());
    assertThat(s.port()).isEqualTo(4100);
    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.metricsToken()).isNull();
    assertThat(s.adminEmails()).isEmpty();
    assertThat(s.databaseUrl()).isNull();
    assertThat(s.redisUrl()).isNull();
    assertThat(s.metricsPublic()).isFalse();
    assertThat(ExampleSettings.fromMap(Map.of("METRICS_PUBLIC", "true")).metricsPublic()).isTrue();
  }

  @Test
  void fromMap_adminEmails_trimmedLowerCasedBlanksDropped() {
    ExampleSettings s = ExampleSettings.fromMap(Map.of("ADMIN_EMAILS", " Ops@Example.com, ,b@example.com"));
    assertThat(s.adminEmails()).containsExactlyInAnyOrder("ops@example.com", "b@example.com");
  }

  @Test
  void fromMap_badPort_failsNamingThePort() {
    for (String bad : new String[] {"http", "-1", "70000"}) {
      assertThatThrownBy(() -> ExampleSettings.fromMap(Map.of("PORT", bad)))
          .isInstanceOf(JanuaConfigException.class)
          .hasMessageContaining("PORT")
          .hasMessageContaining("from 0 to 65535");
    }
  }

  @Test
  void toString_secretsSet_neverPrintsThem() {
    ExampleSettings s = ExampleSettings.fromMap(Map.of("METRICS_TOKEN", "tok-s3cret",
        "DATABASE_URL", "postgresql://u:pw-s3cret@127.0.0.1/db", "REDIS_URL", "redis://:r-s3cret@127.0.0.1"));
    assertThat(s.toString()).doesNotContain("s3cret");
  }
}
