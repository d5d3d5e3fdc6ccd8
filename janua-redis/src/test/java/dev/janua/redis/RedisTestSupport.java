package dev.janua.redis;

import static org.assertj.core.api.Assertions.fail;

import dev.janua.StoreUnavailableException;
import java.util.UUID;

/** Finds the Redis the integration tests use, and gives each test class its own key prefix. */
final class RedisTestSupport {
  private RedisTestSupport() {}

  /** JANUA_TEST_REDIS_URL, else the local default redis://127.0.0.1:6379/0. */
  static String sharedUrl() {
    String env = System.getenv("JANUA_TEST_REDIS_URL");
    return env == null || env.isBlank() ? "redis://127.0.0.1:6379/0" : env.trim();
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
      if (!(h.equals("localhost") || h.startsWith("127.") || h.equals("::1"))) {
        fail("integration tests only target loopback addresses, got " + h);
      }
    }
    return b;
  }

  /**
   * Connects, or fails with a message saying how to provide a Redis (there is no Docker engine for
   * Testcontainers on this machine; the tests never skip silently).
   */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiter) {
    try {
      return RedisJanua.connect(config, limiter);
    } catch (StoreUnavailableException e) {
      return fail("No Redis at " + config.endpoint().redacted() + ": start redis-server on "
          + "127.0.0.1:6379 or set JANUA_TEST_REDIS_URL (Testcontainers needs a Docker engine, "
          + "and none answers). Cause: " + e.getMessage());
    }
  }
}
