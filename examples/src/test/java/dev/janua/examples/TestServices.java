package dev.janua.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Finds the PostgreSQL and Redis the example's integration tests run against, as URLs in the form
 * the example reads ({@code DATABASE_URL}, {@code REDIS_URL}): {@code JANUA_TEST_DATABASE_URL} /
 * {@code JANUA_TEST_REDIS_URL} when set, else the local defaults (127.0.0.1:5432 database
 * {@code test} as user postgres; 127.0.0.1:6379) when they answer, else a Testcontainers
 * container (postgres:15-alpine, redis:7-alpine) when a Docker engine answers on a loopback host,
 * started once per JVM and stopped by a shutdown hook, else the test fails saying how to provide
 * one. Never skips; only loopback addresses are targets.
 */
final class TestServices {
  static final String LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test";
  static final String LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0";
  private static final String NO_DATABASE = "No PostgreSQL for the example's integration tests: "
      + "set JANUA_TEST_DATABASE_URL (e.g. postgresql://user:pass@127.0.0.1:5432/test), or run "
      + "PostgreSQL on 127.0.0.1:5432 with a database 'test' that user postgres may use, or start "
      + "a Docker engine for Testcontainers (postgres:15-alpine).";
  private static final String NO_REDIS = "No Redis for the example's integration tests: set "
      + "JANUA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0), or run redis-server on "
      + "127.0.0.1:6379, or start a Docker engine for Testcontainers (redis:7-alpine).";
  private static String database;
  private static String redis;

  private TestServices() {}

  /** The PostgreSQL URL ({@code postgresql://user[:pass]@host:port/db}), resolved once per JVM. */
  static synchronized String databaseUrl() {
    if (database == null) {
      String env = env("JANUA_TEST_DATABASE_URL");
      if (env != null) {
        requireLoopback(env);
        String cause = postgresProblem(env);
        if (cause != null) {
          fail("PostgreSQL at JANUA_TEST_DATABASE_URL does not answer. " + NO_DATABASE
              + " Cause: " + cause);
        }
        database = env;
      } else if (postgresProblem(LOCAL_DATABASE_URL) == null) {
        database = LOCAL_DATABASE_URL;
      } else if (dockerAnswers()) {
        var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
        start(pg);
        database = "postgresql://" + pg.getUsername() + ":" + pg.getPassword() + "@"
            + pg.getHost() + ":" + pg.getMappedPort(5432) + "/" + pg.getDatabaseName();
      } else {
        fail(NO_DATABASE + " Cause: " + postgresProblem(LOCAL_DATABASE_URL));
      }
    }
    return database;
  }

  /** The Redis URL ({@code redis://host:port/0}), resolved once per JVM. */
  static synchronized String redisUrl() {
    if (redis == null) {
      String env = env("JANUA_TEST_REDIS_URL");
      if (env != null) {
        requireLoopback(env);
        String cause = redisProblem(env);
        if (cause != null) {
          fail("Redis at JANUA_TEST_REDIS_URL does not answer. " + NO_REDIS + " Cause: " + cause);
        }
        redis = env;
      } else if (redisProblem(LOCAL_REDIS_URL) == null) {
        redis = LOCAL_REDIS_URL;
      } else if (dockerAnswers()) {
        var container = new org.testcontainers.containers.GenericContainer<>(
            org.testcontainers.utility.DockerImageName.parse("redis:7-alpine"))
            .withExposedPorts(6379);
        start(container);
        redis = "redis://" + container.getHost() + ":" + container.getMappedPort(6379) + "/0";
      } else {
        fail(NO_REDIS + " Cause: " + redisProblem(LOCAL_REDIS_URL));
      }
    }
    return redis;
  }

  /** A JDBC connection to a {@code postgresql://} URL (user postgres when none is given). */
  static Connection connect(String databaseUrl) throws SQLException {
    URI u = URI.create(databaseUrl.replaceFirst("^[a-z+]+://", "http://"));
    String info = u.getUserInfo();
    String user = info == null ? "postgres" : info.split(":", 2)[0];
    String password = info == null || !info.contains(":") ? null : info.split(":", 2)[1];
    return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":"
        + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath() + "?connectTimeout=3", user,
        password);
  }

  /** Fails unless the URL's host is a loopback address. */
  static void requireLoopback(String url) {
    String host = URI.create(url.replaceFirst("^[a-z+]+://", "http://")).getHost();
    if (host == null || !isLoopback(host)) {
      fail("integration tests only target loopback addresses, got " + host);
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
        || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
  }

  /** Null when PostgreSQL answers at the URL, else a short cause (never the password). */
  private static String postgresProblem(String url) {
    try (Connection c = connect(url)) {
      return c.isValid(3) ? null : "connection not valid";
    } catch (SQLException | RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** Null when something speaks Redis at the URL (PONG, or NOAUTH), else a short cause. */
  private static String redisProblem(String url) {
    URI u = URI.create(url.replaceFirst("^rediss?://", "http://"));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), 3000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      return reply.startsWith("+PONG") || reply.toUpperCase(Locale.ROOT).contains("NOAUTH")
          ? null : "answered " + reply.strip();
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static boolean dockerAnswers() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Starts a container once per JVM, only when the Docker host is a loopback address. */
  private static void start(org.testcontainers.containers.GenericContainer<?> container) {
    String host = org.testcontainers.DockerClientFactory.instance().dockerHostIpAddress();
    if (!isLoopback(host)) {
      fail("Testcontainers' Docker host is " + host + ", not a loopback address; integration "
          + "tests only target loopback addresses. Set JANUA_TEST_DATABASE_URL / "
          + "JANUA_TEST_REDIS_URL to loopback services instead.");
    }
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "janua-test-container-stop"));
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
