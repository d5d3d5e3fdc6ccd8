package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcPluginTest {

  @Test
  void fromEnv_readsTheDatabaseVariables() {
    JdbcPlugin plugin = JdbcPlugin.fromEnv(Map.of("DATABASE_URL",
        "postgresql://janua:s3cret@db.internal:5433/janua", "DATABASE_SCHEMA", "auth",
        "DATABASE_POOL_SIZE", "7"));
    assertThat(plugin.config().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/janua");
    assertThat(plugin.config().schema()).isEqualTo("auth");
    assertThat(plugin.config().poolSize()).isEqualTo(7);
    assertThat(plugin.toString()).contains("db.internal").doesNotContain("s3cret");
  }

  @Test
  void fromEnv_missingOrBadVariable_failsAtOnceNamingIt() {
    assertThatThrownBy(() -> JdbcPlugin.fromEnv(Map.of()))
        .isInstanceOf(JanuaConfigException.class)
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable()).isEqualTo("DATABASE_URL"));
    assertThatThrownBy(() -> JdbcPlugin.fromEnv(Map.of("DATABASE_URL", "postgresql://h/db",
        "DATABASE_POOL_TIMEOUT", "0")))
        .isInstanceOf(JanuaConfigException.class)
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
            .isEqualTo("DATABASE_POOL_TIMEOUT"));
  }

  @Test
  void of_keepsTheConfig_nullRefused() {
    JdbcStoreConfig config = JdbcStoreConfig.builder().url("postgresql://h/db").build();
    assertThat(JdbcPlugin.of(config).config()).isSameAs(config);
    assertThatThrownBy(() -> JdbcPlugin.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("config");
  }
}
