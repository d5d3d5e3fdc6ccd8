package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.redis.internal.RateLimitScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SCRIPT FLUSH} between two rate-limit decisions, on a single server and on a 3-master
 * Cluster, each started by the test on free loopback ports: the next decision is still taken in
 * Redis (EVALSHA answers NOSCRIPT, the store re-sends the script with EVAL), counting on from the
 * previous one, with no fallback decision and the circuit breaker closed.
 */
class RateLimitScriptFlushIT {
  private static final RateLimitRule RULE = new RateLimitRule(5, 100);
  private static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");

  @Test
  void acquire_scriptFlushedOnTheServer_nextDecisionStillInRedis() {
    try (RedisProcesses processes = new RedisProcesses("script-flush")) {
      int port = RedisProcesses.freePort();
      processes.startServer(port);
      assertDecisionsSurviveFlushes("redis://127.0.0.1:" + port + "/0", List.of(port));
    }
  }

  @Test
  void acquire_scriptFlushedOnEveryClusterMaster_nextDecisionStillInRedis() {
    try (RedisProcesses processes = new RedisProcesses("script-flush-cluster")) {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int port = RedisProcesses.freePort();
        processes.startClusterNode(port);
        ports.add(port);
      }
      processes.createCluster(ports);
      assertDecisionsSurviveFlushes("redis://127.0.0.1:" + ports.get(0) + ",127.0.0.1:"
          + ports.get(1) + ",127.0.0.1:" + ports.get(2), ports);
    }
  }

  /**
   * For keys spread over every master: one decision, SCRIPT FLUSH on every node, a second
   * decision that counts on from the first (4 then 3 remaining), and the script loaded again.
   */
  private static void assertDecisionsSurviveFlushes(String url, List<Integer> ports) {
    RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
            .url(url))
        .keyPrefix(RedisTestSupport.freshPrefix(RateLimitScriptFlushIT.class)).poolSize(1)
        .build();
    try (RedisJanua redis = RedisTestSupport.connect(config, RedisRateLimitConfig.builder()
        .fallback(RateLimitCategory.AUTHENTICATION, RateLimitFallback.CLOSED).build())) {
      RedisRateLimitStore limiter = redis.rateLimitStore();
      for (int i = 0; i < 12; i++) {
        String key = "authentication:198.51.100." + i;
        assertThat(acquire(limiter, key).remaining()).as("first decision of %s", key)
            .isEqualTo(4);
        flushEverywhere(ports);

        RateLimitDecision second = acquire(limiter, key);

        assertThat(second.allowed()).as("second decision of %s after SCRIPT FLUSH", key)
            .isTrue();
        assertThat(second.remaining()).as("counted on in Redis, not by the fallback").isEqualTo(3);
        assertThat(limiter.fallbackDecisions()).isZero();
        assertThat(limiter.usingRedis()).isTrue();
        assertThat(ports.stream().anyMatch(p -> List.of(1L).equals(
            RespClient.tryCall(p, "SCRIPT", "EXISTS", RateLimitScript.sha()))))
            .as("the script is loaded again where the key lives").isTrue();
      }
    }
  }

  private static void flushEverywhere(List<Integer> ports) {
    for (int port : ports) {
      assertThat(RespClient.tryCall(port, "SCRIPT", "FLUSH")).isEqualTo("OK");
      assertThat(RespClient.tryCall(port, "SCRIPT", "EXISTS", RateLimitScript.sha()))
          .isEqualTo(List.of(0L));
    }
  }

  private static RateLimitDecision acquire(RedisRateLimitStore limiter, String key) {
    return limiter.acquire(key, RateLimitCategory.AUTHENTICATION, RULE, NOW);
  }
}
