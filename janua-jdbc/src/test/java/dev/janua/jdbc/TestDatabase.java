package dev.janua.jdbc;

import dev.janua.jdbc.internal.DatabaseUrl;
import dev.janua.testing.PostgresService;
import dev.janua.testing.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The PostgreSQL the integration tests run against, as the test kit's discovery chain finds it
 * ({@link dev.janua.testing.TestServices#postgres()}: {@code JANUA_TEST_DATABASE_URL}, else
 * 127.0.0.1:5432 database {@code test} as user postgres, else Testcontainers when a Docker engine
 * answers on a loopback host, else a failure saying how to provide one), and helpers on it.
 */
final class TestDatabase {
  private TestDatabase() {}

  static DatabaseUrl url() {
    PostgresService pg = TestServices.postgres();
    return new DatabaseUrl(pg.jdbcUrl(), pg.username(), pg.password());
  }

  /** A schema name no other test class or run uses. */
  static String freshSchema(Class<?> testClass) {
    return TestServices.freshSchema(testClass);
  }

  /** A configuration on {@code schema} with a small pool (the shared server has 100 connections). */
  static JdbcStoreConfig.Builder config(String schema) {
    DatabaseUrl u = url();
    return JdbcStoreConfig.builder().jdbcUrl(u.jdbcUrl()).username(u.username())
        .password(u.password()).schema(schema).poolSize(1).maxOverflow(9)
        .poolTimeout(Duration.ofSeconds(20));
  }

  /** Host and port of the test database (its first host). */
  static java.net.InetSocketAddress address() {
    PostgresService pg = TestServices.postgres();
    return java.net.InetSocketAddress.createUnresolved(pg.host(), pg.port());
  }

  /** A configuration like {@link #config} that connects through a loopback proxy port. */
  static JdbcStoreConfig.Builder configVia(String schema, int proxyPort) {
    String rest = url().jdbcUrl().substring("jdbc:postgresql://".length());
    int end = rest.indexOf('/');
    String tail = end < 0 ? "/" : rest.substring(end);
    return config(schema).jdbcUrl("jdbc:postgresql://127.0.0.1:" + proxyPort + tail);
  }

  static Connection connect() throws SQLException {
    return TestServices.postgres().connect();
  }

  static void execute(String sql) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  }
}
