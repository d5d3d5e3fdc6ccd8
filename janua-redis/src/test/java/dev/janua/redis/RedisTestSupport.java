package dev.janua.redis;

import static org.assertj.core.api.Assertions.fail;

import dev.janua.StoreUnavailableException;
import dev.janua.jdbc.JdbcStoreConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Finds the Redis (and, for FleetIT, the PostgreSQL) the integration tests use, and gives each test
 * class its own key prefix. The chain: {@code JANUA_TEST_REDIS_URL} / {@code
 * JANUA_TEST_DATABASE_URL} when set, else the local defaults (127.0.0.1:6379; 127.0.0.1:5432
 * database {@code test}), else a Testcontainers container when a Docker engine answers (started
 * once per JVM, stopped by a shutdown hook), else a failure saying how to provide one. Never skips.
 */
final class RedisTestSupport {
  static final String LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0";
  static final String LOCAL_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String NO_REDIS = "No Redis for the integration tests: set "
      + "JANUA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0), or run redis-server on "
      + "127.0.0.1:6379, or start a Docker engine for Testcontainers (redis:7-alpine).";
  private static final String NO_DATABASE = "No PostgreSQL for the integration tests: set "
      + "JANUA_TEST_DATABASE_URL (e.g. postgresql://user:pass@127.0.0.1:5432/test), or run "
      + "PostgreSQL on 127.0.0.1:5432 with a database 'test' that user postgres may use, or start "
      + "a Docker engine for Testcontainers (postgres:15-alpine).";
  private static String sharedRedis;
  private static Supplier<JdbcStoreConfig.Builder> sharedDatabase;

  private RedisTestSupport() {}

  /**
   * JANUA_TEST_REDIS_URL, else redis://127.0.0.1:6379/0 when something answers PING there, else a
   * Testcontainers redis:7-alpine when a Docker engine answers; otherwise the test fails.
   */
  static synchronized String sharedUrl() {
    if (sharedRedis == null) {
      String env = System.getenv("JANUA_TEST_REDIS_URL");
      if (env != null && !env.isBlank()) {
        sharedRedis = env.trim();
      } else if (localRedisAnswers()) {
        sharedRedis = LOCAL_REDIS_URL;
      } else if (dockerAnswers()) {
        var redis = new org.testcontainers.containers.GenericContainer<>(
            org.testcontainers.utility.DockerImageName.parse("redis:7-alpine"))
            .withExposedPorts(6379);
        start(redis);
        sharedRedis = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0";
      } else {
        return fail(NO_REDIS);
      }
    }
    return sharedRedis;
  }

  /**
   * A fresh JdbcStore configuration (no schema yet) for JANUA_TEST_DATABASE_URL, else 127.0.0.1:5432
   * database test as user postgres when it answers, else a Testcontainers postgres:15-alpine when a
   * Docker engine answers; otherwise the test fails.
   */
  static synchronized JdbcStoreConfig.Builder database() {
    if (sharedDatabase == null) {
      String env = System.getenv("JANUA_TEST_DATABASE_URL");
      if (env != null && !env.isBlank()) {
        String url = env.trim();
        sharedDatabase = () -> JdbcStoreConfig.builder().url(url);
      } else if (localDatabaseAnswers()) {
        sharedDatabase = () -> JdbcStoreConfig.builder().jdbcUrl(LOCAL_DATABASE_URL)
            .username("postgres");
      } else if (dockerAnswers()) {
        var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
        start(pg);
        sharedDatabase = () -> JdbcStoreConfig.builder().jdbcUrl(pg.getJdbcUrl())
            .username(pg.getUsername()).password(pg.getPassword());
      } else {
        return fail(NO_DATABASE);
      }
    }
    return sharedDatabase.get();
  }

  /** Something speaks RESP on 127.0.0.1:6379 (PONG, or an error such as NOAUTH). */
  private static boolean localRedisAnswers() {
    try (RespClient c = new RespClient("127.0.0.1", 6379)) {
      return "PONG".equals(c.call("PING"));
    } catch (IllegalStateException e) {
      return true; // an error reply: a Redis that wants a password; connect() reports it
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean localDatabaseAnswers() {
    try (Connection c = DriverManager.getConnection(LOCAL_DATABASE_URL + "?connectTimeout=3",
        "postgres", null)) {
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

  /** Starts a container once per JVM, only when the Docker host is a loopback address. */
  private static void start(org.testcontainers.containers.GenericContainer<?> container) {
    String host = org.testcontainers.DockerClientFactory.instance().dockerHostIpAddress();
    if (!isLoopback(host)) {
      fail("Testcontainers' Docker host is " + host + ", not a loopback address; integration "
          + "tests only target loopback addresses. Set JANUA_TEST_REDIS_URL / "
          + "JANUA_TEST_DATABASE_URL to loopback services instead.");
    }
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "janua-test-container-stop"));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
        || host.equals("[::1]") || host.equals("0:0:0:0:0:0:0:1");
  }

  /** A fresh namespace such as {@code janua-test:CacheIT:1a2b3c4d:}. */
  static String freshPrefix(Class<?> testClass) {
    return "janua-test:" + testClass.getSimpleName() + ":"
        + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Checks that every node is a loopback address: tests never target anything else. */
  static RedisConnectionConfig.Builder loopbackOnly(RedisConnectionConfig.Builder b) {
    RedisConnectionConfig c = b.build();
    for (RedisEndpoint.Node n : c.endpoint().nodes()) {
      String h = n.host();
      if (!isLoopback(h)) {
        fail("integration tests only target loopback addresses, got " + h);
      }
    }
    return b;
  }

  /** Connects, or fails with a message saying how to provide a Redis (never skips silently). */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiter) {
    try {
      return RedisJanua.connect(config, limiter);
    } catch (StoreUnavailableException e) {
      return fail("Redis at " + config.endpoint().redacted() + " does not answer. " + NO_REDIS
          + " Cause: " + e.getMessage());
    }
  }
}
