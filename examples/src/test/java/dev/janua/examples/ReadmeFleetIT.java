package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.cache.CachePlugin;
import dev.janua.jdbc.JdbcPlugin;
import dev.janua.metrics.MicrometerPlugin;
import dev.janua.redis.RedisPlugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's fleet setup, line for line, run against PostgreSQL and Redis: the block in README.md
 * between the {@code fleet-setup} markers must be the block of this test between the markers
 * below, and the engine it builds must work and close what it opened.
 */
class ReadmeFleetIT {
  private final String schema = "readme_it_" + UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "janua-readme-it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final String databaseUrl = TestServices.databaseUrl();

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = TestServices.connect(databaseUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void fleetSetup_fromTheReadme_runsOnPostgresAndRedis() {
    Map<String, String> env = Map.of(
        "DATABASE_URL", databaseUrl, "DATABASE_SCHEMA", schema, "DATABASE_POOL_SIZE", "2",
        "REDIS_URL", TestServices.redisUrl(), "REDIS_KEY_PREFIX", prefix, "BCRYPT_ROUNDS", "4",
        "JANUA_KEY_ENCRYPTION_KEY", dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY);
    // fleet-setup:begin
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.fromMap(env))                // env: System.getenv(), or a map of your own
        .install(JdbcPlugin.fromEnv(env))                // DATABASE_URL: store, migrations, shared keys
        .install(RedisPlugin.fromEnv(env))               // REDIS_URL: L2 tier, invalidation bus, limiter
        .install(CachePlugin.fromEnv(env))               // Caffeine L1 in front of the store
        .install(MicrometerPlugin.fromEnv(registry, env))
        .build();
    // fleet-setup:end
    try (engine) {
      ClientInfo client = new ClientInfo("127.0.0.1", "readme-it");
      AuthResult signup = engine.signup("fleet-" + UUID.randomUUID() + "@example.com",
          "correct horse battery", client, "Fleet");
      Principal me = engine.validate(signup.tokens().accessToken());
      assertThat(me.userId()).isEqualTo(signup.user().id());
      assertThat(engine.ready().ready()).isTrue();
      assertThat(engine.ready().checks()).containsKeys("database", "redis");
      assertThat(registry.scrape()).contains("janua_cache_hits_total", "janua_db_connections_max");
      engine.signout(me);
      assertThatThrownBy(() -> engine.validate(signup.tokens().accessToken()))
          .hasMessageContaining("revoked");
    }
    assertThatThrownBy(engine::ready).isInstanceOf(IllegalStateException.class);
    registry.close();
  }

  @Test
  void readmeBlock_isThisTestsBlock() throws IOException {
    assertThat(block(Path.of("../README.md"), "<!-- fleet-setup:begin -->", "<!-- fleet-setup:end -->"))
        .isEqualTo(block(Path.of("src/test/java/dev/janua/examples/ReadmeFleetIT.java"),
            "// fleet-setup:begin", "// fleet-setup:end"));
  }

  /** The trimmed code lines between the markers, without Markdown fences. */
  private static List<String> block(Path file, String begin, String end) throws IOException {
    List<String> lines = Files.readAllLines(file).stream().map(String::trim).toList();
    int from = lines.indexOf(begin);
    int to = lines.indexOf(end);
    assertThat(from).as("%s in %s", begin, file).isNotNegative();
    assertThat(to).as("%s in %s", end, file).isGreaterThan(from);
    return lines.subList(from + 1, to).stream().filter(l -> !l.startsWith("```")).toList();
  }
}
