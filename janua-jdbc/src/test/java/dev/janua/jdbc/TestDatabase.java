package dev.janua.jdbc;

import dev.janua.jdbc.internal.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Finds the PostgreSQL the integration tests run against: {@code JANUA_TEST_DATABASE_URL} when set,
 * else 127.0.0.1:5432 database {@code test} (user postgres), else a Testcontainers PostgreSQL when
 * a Docker engine answers, else it fails saying how to provide one. Never skips.
 */
final class TestDatabase {
  static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static DatabaseUrl resolved;

  private TestDatabase() {}

  static synchronized DatabaseUrl url() {
    if (resolved != null) {
      return resolved;
    }
    String env = System.getenv("JANUA_TEST_DATABASE_URL");
    if (env != null && !env.isBlank()) {
      resolved = DatabaseUrl.parse(env);
      return resolved;
    }
    DatabaseUrl local = new DatabaseUrl(LOCAL_URL, "postgres", null);
    if (answers(local)) {
      resolved = local;
      return resolved;
    }
    if (dockerAnswers()) {
      var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      resolved = new DatabaseUrl(container.getJdbcUrl(), container.getUsername(),
          container.getPassword());
      return resolved;
    }
    throw new IllegalStateException("No PostgreSQL for the integration tests: set "
        + "JANUA_TEST_DATABASE_URL (e.g. postgresql://user:pass@127.0.0.1:5432/test), or run "
        + "PostgreSQL on 127.0.0.1:5432 with a database 'test' that user postgres may use, or "
        + "start a Docker engine for Testcontainers.");
  }

  private static boolean answers(DatabaseUrl url) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl() + "?connectTimeout=3",
        url.username(), url.password())) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean dockerAnswers() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** A schema name no other test class or run uses. */
  static String freshSchema(Class<?> testClass) {
    return ("it_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT);
  }

  /** A configuration on {@code schema} with a small pool (the shared server has 100 connections). */
  static JdbcStoreConfig.Builder config(String schema) {
    DatabaseUrl u = url();
    return JdbcStoreConfig.builder().jdbcUrl(u.jdbcUrl()).username(u.username())
        .password(u.password()).schema(schema).poolSize(1).maxOverflow(9)
        .poolTimeout(Duration.ofSeconds(20));
  }

  /** Host and port of the test database, from its JDBC URL (single host). */
  static java.net.InetSocketAddress address() {
    String rest = url().jdbcUrl().substring("jdbc:postgresql://".length());
    int end = rest.indexOf('/');
    String hostPort = end < 0 ? rest : rest.substring(0, end);
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? java.net.InetSocketAddress.createUnresolved(hostPort, 5432)
        : java.net.InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** A configuration like {@link #config} that connects through a loopback proxy port. */
  static JdbcStoreConfig.Builder configVia(String schema, int proxyPort) {
    String rest = url().jdbcUrl().substring("jdbc:postgresql://".length());
    int end = rest.indexOf('/');
    String tail = end < 0 ? "/" : rest.substring(end);
    return config(schema).jdbcUrl("jdbc:postgresql://127.0.0.1:" + proxyPort + tail);
  }

  static Connection connect() throws SQLException {
    DatabaseUrl u = url();
    return DriverManager.getConnection(u.jdbcUrl(), u.username(), u.password());
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
