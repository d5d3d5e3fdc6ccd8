package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcStoreConfigTest {
  private static final String URL = "postgresql://janua:s3cr%40t@db.internal:5433/janua";

  private static JanuaConfigException configError(Map<String, String> env) {
    try {
      JdbcStoreConfig.fromMap(env);
    } catch (JanuaConfigException e) {
      return e;
    }
    throw new AssertionError("expected a JanuaConfigException");
  }

  @Test
  void fromMap_onlyUrl_guideDefaults() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of("DATABASE_URL", URL));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/janua");
    assertThat(c.username()).isEqualTo("janua");
    assertThat(c.password()).isEqualTo("s3cr@t");
    assertThat(c.poolSize()).isEqualTo(20);
    assertThat(c.maxOverflow()).isEqualTo(10);
    assertThat(c.maximumPoolSize()).isEqualTo(30);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.slowQueryThreshold()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.schema()).isEqualTo("janua");
    assertThat(c.migrate()).isTrue();
  }

  @Test
  void fromMap_everyVariable_applied() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of(
        "DATABASE_URL", "jdbc:postgresql://10.0.0.5/auth?sslmode=require",
        "DATABASE_POOL_SIZE", "50",
        "DATABASE_MAX_OVERFLOW", "50",
        "DATABASE_POOL_TIMEOUT", "5",
        "LOG_SLOW_QUERY_THRESHOLD", "250",
        "DATABASE_SCHEMA", "auth_store",
        "DATABASE_MIGRATE", "false"));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5/auth?sslmode=require");
    assertThat(c.username()).isNull();
    assertThat(c.password()).isNull();
    assertThat(c.poolSize()).isEqualTo(50);
    assertThat(c.maximumPoolSize()).isEqualTo(100);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.schema()).isEqualTo("auth_store");
    assertThat(c.migrate()).isFalse();
  }

  @Test
  void fromMap_jdbcUrlWithUserInfo_split() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of("DATABASE_URL",
        "jdbc:postgresql://app:pw@127.0.0.1:5432/test"));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(c.username()).isEqualTo("app");
    assertThat(c.password()).isEqualTo("pw");
  }

  @Test
  void fromMap_postgresSchemeAndDriverSuffix_accepted() {
    assertThat(JdbcStoreConfig.fromMap(Map.of("DATABASE_URL", "postgres://u@h/db")).jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db");
    assertThat(JdbcStoreConfig.fromMap(Map.of("DATABASE_URL",
        "postgresql+asyncpg://u:p@h:5432/db")).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void fromMap_missingUrl_namesVariable() {
    JanuaConfigException e = configError(Map.of("DATABASE_POOL_SIZE", "5"));
    assertThat(e.variable()).isEqualTo("DATABASE_URL");
    assertThat(e.code()).isEqualTo("invalid_configuration");
  }

  @Test
  void fromMap_malformedUrl_namesVariable_neverQuotesPassword() {
    JanuaConfigException e = configError(Map.of("DATABASE_URL", "mysql://root:hunter2@h/db"));
    assertThat(e.variable()).isEqualTo("DATABASE_URL");
    assertThat(e.getMessage()).doesNotContain("hunter2");
    JanuaConfigException badPort = configError(Map.of("DATABASE_URL",
        "postgresql://root:hunter2@h:99999/db"));
    assertThat(badPort.variable()).isEqualTo("DATABASE_URL");
    assertThat(badPort.getMessage()).contains("port").doesNotContain("hunter2");
  }

  @Test
  void fromMap_malformedNumbers_nameTheirVariable() {
    for (String variable : new String[] {"DATABASE_POOL_SIZE", "DATABASE_MAX_OVERFLOW",
        "DATABASE_POOL_TIMEOUT", "LOG_SLOW_QUERY_THRESHOLD"}) {
      JanuaConfigException e = configError(Map.of("DATABASE_URL", URL, variable, "lots"));
      assertThat(e.variable()).isEqualTo(variable);
      assertThat(e.getMessage()).contains(variable).contains("lots");
    }
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_POOL_SIZE", "-1")).variable())
        .isEqualTo("DATABASE_POOL_SIZE");
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_POOL_TIMEOUT", "0")).variable())
        .isEqualTo("DATABASE_POOL_TIMEOUT");
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_POOL_TIMEOUT", "0")).getMessage())
        .contains("DATABASE_POOL_TIMEOUT").contains("from 1 to 3600").contains("'0'");
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_POOL_SIZE", "0",
        "DATABASE_MAX_OVERFLOW", "0")).variable()).isEqualTo("DATABASE_MAX_OVERFLOW");
  }

  @Test
  void fromMap_badSchemaOrMigrate_namesVariable() {
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_SCHEMA", "Robert'); DROP"))
        .variable()).isEqualTo("DATABASE_SCHEMA");
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_MIGRATE", "maybe")).variable())
        .isEqualTo("DATABASE_MIGRATE");
    assertThat(configError(Map.of("DATABASE_URL", URL, "DATABASE_MIGRATE", "maybe")).getMessage())
        .contains("DATABASE_MIGRATE").contains("true or false").contains("maybe");
  }

  @Test
  void fromMap_blankValues_countAsUnset() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of("DATABASE_URL", URL,
        "DATABASE_POOL_SIZE", " ", "DATABASE_SCHEMA", ""));
    assertThat(c.poolSize()).isEqualTo(20);
    assertThat(c.schema()).isEqualTo("janua");
  }

  @Test
  void toString_neverShowsPassword() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of("DATABASE_URL", URL));
    assertThat(c.toString()).doesNotContain("s3cr").contains("password=****").contains("db.internal");
    JdbcStoreConfig inQuery = JdbcStoreConfig.builder()
        .jdbcUrl("jdbc:postgresql://h/db?user=u&password=topsecret&ssl=true").build();
    assertThat(inQuery.toString()).doesNotContain("topsecret").contains("ssl=true");
  }

  @Test
  void builder_badArguments_rejectedAtOnceNamingThem() {
    JdbcStoreConfig.Builder b = JdbcStoreConfig.builder();
    assertThatThrownBy(() -> b.poolSize(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolSize");
    assertThatThrownBy(() -> b.maxOverflow(-1)).hasMessageContaining("maxOverflow");
    assertThatThrownBy(() -> b.poolTimeout(Duration.ofMillis(10))).hasMessageContaining("poolTimeout");
    assertThatThrownBy(() -> b.slowQueryThreshold(Duration.ofMillis(-1)))
        .hasMessageContaining("slowQueryThreshold");
    assertThatThrownBy(() -> b.schema("bad-name")).hasMessageContaining("schema");
    assertThatThrownBy(() -> b.jdbcUrl("jdbc:mysql://h/db")).hasMessageContaining("jdbcUrl");
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("url");
  }

  @Test
  void builder_badArguments_messageNamesTheVariable() {
    JdbcStoreConfig.Builder b = JdbcStoreConfig.builder();
    assertThatThrownBy(() -> b.poolSize(-1)).hasMessageContaining("DATABASE_POOL_SIZE")
        .hasMessageContaining("from 0 to 10000");
    assertThatThrownBy(() -> b.maxOverflow(-1)).hasMessageContaining("DATABASE_MAX_OVERFLOW");
    assertThatThrownBy(() -> b.poolTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("DATABASE_POOL_TIMEOUT");
    assertThatThrownBy(() -> b.slowQueryThreshold(Duration.ofMillis(-1)))
        .hasMessageContaining("LOG_SLOW_QUERY_THRESHOLD");
    assertThatThrownBy(() -> b.schema("bad-name")).hasMessageContaining("DATABASE_SCHEMA");
    assertThatThrownBy(() -> b.jdbcUrl("jdbc:mysql://h/db")).hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> b.url("mysql://root:hunter2@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_URL").hasMessageNotContaining("hunter2");
    assertThatThrownBy(b::build).hasMessageContaining("DATABASE_URL");
    JdbcStoreConfig.Builder empty = JdbcStoreConfig.builder().url(URL).poolSize(0).maxOverflow(0);
    assertThatThrownBy(empty::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DATABASE_POOL_SIZE").hasMessageContaining("DATABASE_MAX_OVERFLOW");
  }

  @Test
  void builder_rangesOfTheVariables_upperBoundsRefused_boundsAccepted() {
    JdbcStoreConfig.Builder b = JdbcStoreConfig.builder().url(URL);
    assertThatThrownBy(() -> b.poolSize(10_001)).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> b.maxOverflow(10_001)).hasMessageContaining("maxOverflow");
    assertThatThrownBy(() -> b.poolTimeout(Duration.ofSeconds(3601)))
        .hasMessageContaining("poolTimeout");
    assertThatThrownBy(() -> b.slowQueryThreshold(Duration.ofMillis(3_600_001)))
        .hasMessageContaining("slowQueryThreshold");
    JdbcStoreConfig c = b.poolSize(10_000).maxOverflow(0).poolTimeout(Duration.ofMillis(250))
        .slowQueryThreshold(Duration.ofHours(1)).build();
    assertThat(c.maximumPoolSize()).isEqualTo(10_000);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.slowQueryThreshold()).isEqualTo(Duration.ofHours(1));
    // A refused value leaves the builder as it was.
    assertThatThrownBy(() -> b.poolSize(-5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.build().poolSize()).isEqualTo(10_000);
  }

  @Test
  void builder_reusable_buildCopies() {
    JdbcStoreConfig.Builder b = JdbcStoreConfig.builder().url(URL).schema("first");
    JdbcStoreConfig first = b.build();
    JdbcStoreConfig second = b.schema("second").poolSize(2).build();
    assertThat(first.schema()).isEqualTo("first");
    assertThat(first.poolSize()).isEqualTo(20);
    assertThat(second.schema()).isEqualTo("second");
    assertThat(second.poolSize()).isEqualTo(2);
  }

  @Test
  void toBuilder_copiesEverything() {
    JdbcStoreConfig c = JdbcStoreConfig.fromMap(Map.of("DATABASE_URL", URL, "DATABASE_SCHEMA", "x"));
    JdbcStoreConfig copy = c.toBuilder().poolSize(3).build();
    assertThat(copy.schema()).isEqualTo("x");
    assertThat(copy.password()).isEqualTo("s3cr@t");
    assertThat(copy.poolSize()).isEqualTo(3);
    assertThat(c.poolSize()).isEqualTo(20);
  }

  @Test
  void storeBuilder_withoutConfigOrDataSource_refused() {
    assertThatThrownBy(() -> JdbcStore.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("config or dataSource");
    assertThatThrownBy(() -> JdbcStore.builder().schema("Bad"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcStore.builder().healthCheckTimeout(Duration.ZERO))
        .hasMessageContaining("timeout");
  }
}
