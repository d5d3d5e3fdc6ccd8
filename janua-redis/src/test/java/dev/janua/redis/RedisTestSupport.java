package dev.janua.redis;

import static org.assertj.core.api.Assertions.fail;

import dev.janua.StoreUnavailableException;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.testing.TestServices;

/**
 * The Redis (and, for FleetIT, the PostgreSQL) the integration tests use, as the test kit's
 * discovery chain finds them ({@link TestServices}: {@code JANUA_TEST_REDIS_URL} / {@code
 * JANUA_TEST_DATABASE_URL}, else the local services, else Testcontainers when a Docker engine
 * answers on a loopback host, else a failure saying how to provide one), and each test class's own
 * key prefix. Never skips.
 */
final class RedisTestSupport {
  private static final String NO_REDIS = "Set " + TestServices.REDIS_URL_VARIABLE
      + " (e.g. redis://127.0.0.1:6379/0), or run redis-server on 127.0.0.1:6379, or start a "
      + "Docker engine for Testcontainers (" + TestServices.REDIS_IMAGE + ").";

  private RedisTestSupport() {}

  /** The Redis URL the chain found, once per JVM; otherwise the test fails saying what to do. */
  static String sharedUrl() {
    return TestServices.redis().url();
  }

  /** A fresh JdbcStore configuration (no schema yet) for the PostgreSQL the chain found. */
  static JdbcStoreConfig.Builder database() {
    return JdbcStoreConfig.builder().url(TestServices.postgres().url());
  }

  /** A fresh namespace such as {@code janua-test:CacheIT:1a2b3c4d:}. */
  static String freshPrefix(Class<?> testClass) {
    return TestServices.freshKeyPrefix(testClass);
  }

  /** Checks that every node is a loopback address: tests never target anything else. */
  static RedisConnectionConfig.Builder loopbackOnly(RedisConnectionConfig.Builder b) {
    RedisConnectionConfig c = b.build();
    for (RedisEndpoint.Node n : c.endpoint().nodes()) {
      String h = n.host();
      if (!TestServices.isLoopback(h)) {
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
