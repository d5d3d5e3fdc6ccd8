package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.cache.CacheDataType;
import dev.janua.cache.CachePolicy;
import dev.janua.cache.InvalidationBus.Invalidation;
import dev.janua.cache.TieredCache;
import dev.janua.cache.BreakerState;
import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redis dies mid-run and comes back: a redis-server started by this test on a free loopback port
 * is killed while two instances send traffic, then started again on the same port.
 */
class RedisOutageIT {
  private static final RateLimitRule RULE = new RateLimitRule(3, 100);
  private static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");

  @Test
  void acquire_redisKilledThenRestarted_fallsBackThenSharesCountsAgain() throws Exception {
    try (RedisProcesses processes = new RedisProcesses("outage")) {
      int port = RedisProcesses.freePort();
      Process server = processes.startServer(port);
      RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
              .url("redis://127.0.0.1:" + port + "/0"))
          .keyPrefix(RedisTestSupport.freshPrefix(RedisOutageIT.class))
          .poolSize(1)
          .commandTimeout(Duration.ofMillis(500))
          .reconnectMaxDelay(Duration.ofMillis(200))
          .build();
      RedisRateLimitConfig limiter = RedisRateLimitConfig.builder()
          .failureThreshold(5)
          .recoveryDelay(Duration.ofMillis(300))
          .fallback(RateLimitCategory.AUTHENTICATION, RateLimitFallback.CLOSED)
          .build();
      try (RedisJanua a = RedisTestSupport.connect(config, limiter);
           RedisJanua b = RedisTestSupport.connect(config, limiter)) {
        BlockingQueue<Invalidation> atB = new LinkedBlockingQueue<>();
        b.invalidationBus().subscribe(atB::add);
        a.invalidationBus();
        CachePolicy policy = CachePolicy.builder().failureThreshold(5).sensitiveInShared(true)
            .breakerDelay(Duration.ofMillis(300)).build();
        TieredCache cacheA = TieredCache.builder().policy(policy).remote(a.remoteCache()).build();
        assertThat(cacheA.<String>get("user:before", CacheDataType.USER_PROFILE, () -> "v"))
            .isEqualTo("v");
        assertThat(cacheA.l2Connected()).isTrue();

        // Up: counts are shared between the two instances.
        assertSharedCounts(a, b, "before");
        assertThat(a.healthCheck().check().up()).isTrue();

        // Redis dies.
        processes.stop(server);

        // No request fails: OPEN categories decide locally (per instance), CLOSED ones refuse.
        int admittedA = 0;
        int admittedB = 0;
        for (int i = 0; i < 20; i++) {
          if (acquire(a, "user_operations:down", RateLimitCategory.USER_OPERATIONS).allowed()) {
            admittedA++;
          }
          if (acquire(b, "user_operations:down", RateLimitCategory.USER_OPERATIONS).allowed()) {
            admittedB++;
          }
          RateLimitDecision closed = acquire(a, "authentication:down",
              RateLimitCategory.AUTHENTICATION);
          assertThat(closed.allowed()).isFalse();
          assertThat(closed.retryAfterSeconds()).isPositive();
        }
        assertThat(admittedA).as("local limiter of A").isEqualTo(3);
        assertThat(admittedB).as("local limiter of B").isEqualTo(3);
        assertThat(a.rateLimitStore().circuitState()).isNotEqualTo(BreakerState.CLOSED);
        assertThat(a.rateLimitStore().fallbackDecisions()).isGreaterThanOrEqualTo(40);
        RedisProcesses.await("health reports redis down",
            () -> !a.healthCheck().check().up(), null);
        assertThat(a.healthCheck().check().detail()).doesNotContain("127.0.0.1:" + port + "@");
        assertThatThrownBy(() -> a.remoteCache().get("k")).isInstanceOf(RedisException.class);
        // The tiered cache over RedisRemoteCache: every read still succeeds from the loader, and
        // its breaker opens.
        for (int i = 0; i < 20; i++) {
          String value = "down-" + i;
          assertThat(cacheA.<String>get("user:down:" + i, CacheDataType.USER_PROFILE,
              () -> value)).isEqualTo(value);
        }
        assertThat(cacheA.l2Connected()).isFalse();

        // Redis is back on the same port.
        server = processes.startServer(port);
        RedisProcesses.await("health reports redis ok", () -> a.healthCheck().check().up(), null);
        RedisProcesses.await("A's limiter uses Redis again", () -> {
          acquire(a, "probe:a", RateLimitCategory.DEFAULT);
          return a.rateLimitStore().usingRedis();
        }, null);
        RedisProcesses.await("B's limiter uses Redis again", () -> {
          acquire(b, "probe:b", RateLimitCategory.DEFAULT);
          return b.rateLimitStore().usingRedis();
        }, null);
        assertSharedCounts(a, b, "after");

        // The tiered cache's breaker closes and L2 fills again: B's cache (empty L1) reads A's fill.
        RedisProcesses.await("the tiered cache's L2 is connected again", () -> {
          cacheA.get("user:probe", CacheDataType.USER_PROFILE, () -> "p");
          cacheA.invalidate("user:probe");
          return cacheA.l2Connected();
        }, null);
        assertThat(cacheA.<String>get("user:after", CacheDataType.USER_PROFILE, () -> "filled"))
            .isEqualTo("filled");
        TieredCache cacheB = TieredCache.builder().policy(policy).remote(b.remoteCache()).build();
        assertThat(cacheB.<String>get("user:after", CacheDataType.USER_PROFILE,
            () -> "loaded-by-b")).isEqualTo("filled");
        assertThat(cacheB.stats().l2Hits()).isEqualTo(1);

        // The remote cache works again, and Lettuce has re-subscribed B's pub/sub connection.
        a.remoteCache().put("k", "v".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1));
        assertThat(b.remoteCache().get("k")).isPresent();
        RedisProcesses.await("B receives invalidations again", () -> {
          a.invalidationBus().publish(List.of("user:1"), List.of());
          try {
            Invalidation got = atB.poll(200, TimeUnit.MILLISECONDS);
            return got != null && got.keys().contains("user:1");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }, null);
      }
    }
  }

  private static RateLimitDecision acquire(RedisJanua j, String key, RateLimitCategory category) {
    return j.rateLimitStore().acquire(key, category, RULE, NOW);
  }

  /** A admits 3 of 3 on a fresh key; B is then refused: one shared counter. */
  private static void assertSharedCounts(RedisJanua a, RedisJanua b, String phase) {
    String key = "user_operations:shared-" + phase;
    for (int i = 0; i < 3; i++) {
      assertThat(acquire(a, key, RateLimitCategory.USER_OPERATIONS).allowed()).isTrue();
    }
    RateLimitDecision atB = acquire(b, key, RateLimitCategory.USER_OPERATIONS);
    assertThat(atB.allowed()).as("B sees A's three requests (%s the outage)", phase).isFalse();
    assertThat(atB.remaining()).isZero();
  }
}
