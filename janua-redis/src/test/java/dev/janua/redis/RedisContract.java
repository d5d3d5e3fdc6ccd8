package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.cache.InvalidationBus.Invalidation;
import dev.janua.memory.InMemoryRateLimitStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RateLimitScript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cache, bus, limiter and health tests every deployment kind passes: single server, Cluster
 * and Sentinel each extend this with where Redis is. Two {@link RedisJanua} instances (two
 * "service instances") share one fresh key prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisContract {
  protected RedisJanua a;
  protected RedisJanua b;
  protected String prefix;

  /** Starts whatever servers the deployment needs and returns the config to reach them. */
  protected abstract RedisConnectionConfig.Builder startRedis();

  /** Stops the servers started by {@link #startRedis()}. */
  protected void stopRedis() {}

  @BeforeAll
  void connectBoth() {
    prefix = RedisTestSupport.freshPrefix(getClass());
    RedisConnectionConfig config = RedisTestSupport.loopbackOnly(startRedis())
        .keyPrefix(prefix).poolSize(2).build();
    a = RedisTestSupport.connect(config, RedisRateLimitConfig.defaults());
    b = RedisTestSupport.connect(config, RedisRateLimitConfig.defaults());
  }

  @AfterAll
  void cleanUp() {
    try {
      if (a != null) {
        a.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
      }
    } finally {
      try {
        if (a != null) {
          a.close();
        }
        if (b != null) {
          b.close();
        }
      } finally {
        stopRedis();
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  // ---- cache ----

  @Test
  void get_absentKey_returnsEmpty() {
    assertThat(a.remoteCache().get("absent:" + unique())).isEmpty();
  }

  @Test
  void put_thenGetFromOtherInstance_returnsSameBytes() {
    String key = "user:" + unique();
    byte[] value = {0, 1, 2, (byte) 0xff, (byte) 0x80, 42};
    a.remoteCache().put(key, value, Duration.ofMinutes(5));
    assertThat(b.remoteCache().get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
  }

  @Test
  void put_withTtl_setsRedisExpiryUnderThePrefix() {
    String key = "session:" + unique();
    a.remoteCache().put(key, bytes("v"), Duration.ofSeconds(30));
    String redisKey = a.remoteCache().redisKey(key);
    assertThat(redisKey).isEqualTo(prefix + "cache:" + key);
    Long pttl = a.connector().sync().pttl(KeyCodec.utf8(redisKey));
    assertThat(pttl).isBetween(1L, 30_000L);
  }

  @Test
  void put_shortTtl_expires() {
    String key = "jwks:" + unique();
    a.remoteCache().put(key, bytes("v"), Duration.ofMillis(100));
    RedisProcesses.await("the key expires", () -> a.remoteCache().get(key).isEmpty(), null);
  }

  @Test
  void put_zeroTtl_throws() {
    assertThatThrownBy(() -> a.remoteCache().put("k", bytes("v"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
  }

  @Test
  void delete_someKeysAndAnAbsentOne_removesOnlyThose() {
    String u = unique();
    a.remoteCache().put("d:" + u + ":1", bytes("1"), Duration.ofMinutes(1));
    a.remoteCache().put("d:" + u + ":2", bytes("2"), Duration.ofMinutes(1));
    a.remoteCache().put("d:" + u + ":3", bytes("3"), Duration.ofMinutes(1));
    a.remoteCache().delete(List.of("d:" + u + ":1", "d:" + u + ":2", "d:" + u + ":absent"));
    assertThat(b.remoteCache().get("d:" + u + ":1")).isEmpty();
    assertThat(b.remoteCache().get("d:" + u + ":2")).isEmpty();
    assertThat(b.remoteCache().get("d:" + u + ":3")).isPresent();
  }

  @Test
  void deleteByPrefix_manyKeys_removesAllOfThemAndNothingElse() {
    String u = unique();
    for (int i = 0; i < 1200; i++) {
      a.remoteCache().put("p" + u + ":user:" + i, bytes("x"), Duration.ofMinutes(5));
    }
    a.remoteCache().put("p" + u + ":org:1", bytes("x"), Duration.ofMinutes(5));
    a.remoteCache().put("p" + u + ":userX", bytes("x"), Duration.ofMinutes(5));

    long removed = a.remoteCache().deleteByPrefix("p" + u + ":user:");

    assertThat(removed).isEqualTo(1200);
    assertThat(b.remoteCache().get("p" + u + ":user:7")).isEmpty();
    assertThat(b.remoteCache().get("p" + u + ":org:1")).isPresent();
    assertThat(b.remoteCache().get("p" + u + ":userX")).isPresent();
  }

  @Test
  void deleteByPrefix_globCharactersInPrefix_matchLiterally() {
    String u = unique();
    a.remoteCache().put("g" + u + "*1", bytes("x"), Duration.ofMinutes(1));
    a.remoteCache().put("g" + u + "ab", bytes("x"), Duration.ofMinutes(1));
    a.remoteCache().put("g" + u + "[a]", bytes("x"), Duration.ofMinutes(1));
    assertThat(a.remoteCache().deleteByPrefix("g" + u + "*")).isEqualTo(1);
    assertThat(a.remoteCache().deleteByPrefix("g" + u + "[a")).isEqualTo(1);
    assertThat(a.remoteCache().get("g" + u + "ab")).isPresent();
  }

  // ---- bus ----

  @Test
  void publish_fromA_deliveredToBAndIgnoredByA() throws InterruptedException {
    BlockingQueue<Invalidation> atA = new LinkedBlockingQueue<>();
    BlockingQueue<Invalidation> atB = new LinkedBlockingQueue<>();
    a.invalidationBus().subscribe(atA::add);
    b.invalidationBus().subscribe(atB::add);
    String u = unique();
    List<String> keys = List.of("user:" + u, "odd key\nwith newline & ü");
    a.invalidationBus().publish(keys, List.of("org:" + u + ":"));

    Invalidation got = atB.poll(10, TimeUnit.SECONDS);
    assertThat(got).as("B receives A's invalidation").isNotNull();
    assertThat(got.keys()).containsExactlyElementsOf(keys);
    assertThat(got.prefixes()).containsExactly("org:" + u + ":");

    // B answers; A must see B's message first: its own was dropped.
    b.invalidationBus().publish(List.of("from-b:" + u), List.of());
    Invalidation atAFirst = atA.poll(10, TimeUnit.SECONDS);
    assertThat(atAFirst).isNotNull();
    assertThat(atAFirst.keys()).containsExactly("from-b:" + u);
    assertThat(a.invalidationBus().instanceId()).isNotEqualTo(b.invalidationBus().instanceId());
  }

  // ---- limiter ----

  @Test
  void acquire_twoInstancesFiftyThreadsEach_admitsExactlyTheLimit() throws Exception {
    RateLimitRule rule = new RateLimitRule(60, 1000);
    String key = "user_operations:198.51.100." + unique();
    Instant now = Instant.parse("2031-03-04T10:00:30Z");
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RateLimitDecision>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        RedisRateLimitStore store = i % 2 == 0 ? a.rateLimitStore() : b.rateLimitStore();
        futures.add(pool.submit(() -> {
          start.await();
          return store.acquire(key, RateLimitCategory.USER_OPERATIONS, rule, now);
        }));
      }
      start.countDown();
      int admitted = 0;
      for (Future<RateLimitDecision> f : futures) {
        RateLimitDecision d = f.get(30, TimeUnit.SECONDS);
        if (d.allowed()) {
          admitted++;
        } else {
          assertThat(d.remaining()).isZero();
          // 30 s to the next minute, then 1 s until 60 * (60 - e) / 60 <= 59.
          assertThat(d.retryAfterSeconds()).isEqualTo(31);
        }
      }
      assertThat(admitted).isEqualTo(60);
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.rateLimitStore().fallbackDecisions()).isZero();
    assertThat(b.rateLimitStore().fallbackDecisions()).isZero();
    assertThat(a.rateLimitStore().usingRedis()).isTrue();
  }

  @Test
  void acquire_sequenceAcrossWindows_decidesLikeTheInMemoryStore() {
    RateLimitRule rule = new RateLimitRule(3, 5);
    String key = "authentication:203.0.113." + unique();
    InMemoryRateLimitStore local = new InMemoryRateLimitStore();
    Instant t0 = Instant.parse("2031-03-04T10:00:00Z");
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      times.add(t0);
    }
    times.add(t0.plusSeconds(59));
    for (int i = 0; i < 3; i++) {
      times.add(t0.plusSeconds(60));
    }
    times.add(t0.plusSeconds(3599));
    times.add(t0.plusSeconds(3600));
    times.add(t0.plusSeconds(3601));
    List<RateLimitDecision> fromRedis = new ArrayList<>();
    List<RateLimitDecision> fromMemory = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      RedisRateLimitStore store = i % 2 == 0 ? a.rateLimitStore() : b.rateLimitStore();
      fromRedis.add(store.acquire(key, RateLimitCategory.AUTHENTICATION, rule, times.get(i)));
      fromMemory.add(local.acquire(key, RateLimitCategory.AUTHENTICATION, rule, times.get(i)));
    }
    assertThat(fromRedis).containsExactlyElementsOf(fromMemory);
    assertThat(fromRedis.stream().filter(RateLimitDecision::allowed).count()).isEqualTo(5);
  }

  @Test
  void acquire_limitSpentAtEndOfMinute_notAgainAtStartOfNext_likeInMemory() {
    RateLimitRule rule = new RateLimitRule(10, 100);
    String key = "authentication:203.0.113." + unique();
    InMemoryRateLimitStore local = new InMemoryRateLimitStore();
    Instant t0 = Instant.parse("2031-03-04T10:00:00Z");
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      times.add(t0.plusMillis(59_000 + i));
    }
    for (int i = 0; i < 3; i++) {
      times.add(t0.plusSeconds(60 + i));
    }
    times.add(t0.plusSeconds(65));
    times.add(t0.plusSeconds(66));
    times.add(t0.plusSeconds(66));
    times.add(t0.plusSeconds(90));
    List<RateLimitDecision> fromRedis = new ArrayList<>();
    List<RateLimitDecision> fromMemory = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      RedisRateLimitStore store = i % 2 == 0 ? a.rateLimitStore() : b.rateLimitStore();
      fromRedis.add(store.acquire(key, RateLimitCategory.AUTHENTICATION, rule, times.get(i)));
      fromMemory.add(local.acquire(key, RateLimitCategory.AUTHENTICATION, rule, times.get(i)));
    }
    assertThat(fromRedis).containsExactlyElementsOf(fromMemory);
    // Ten at 10:00:59; nothing at 10:01:00-02 (a fixed window admitted ten more there); the
    // 11th request's Retry-After (at 10:01:00, 6 s) is exact: one more fits at 10:01:06, then
    // the budget returns as the old minute slides out (at 10:01:30 the old ten weigh 5, one more
    // was spent at :06, so 4 fit: this one and 3 remaining).
    assertThat(fromRedis.subList(0, 10)).allMatch(RateLimitDecision::allowed);
    assertThat(fromRedis.subList(10, 15)).noneMatch(RateLimitDecision::allowed);
    assertThat(fromRedis.get(11).retryAfterSeconds()).isEqualTo(6);
    assertThat(fromRedis.get(15).allowed()).isTrue();
    assertThat(fromRedis.get(16).allowed()).isFalse();
    assertThat(fromRedis.get(17).allowed()).isTrue();
    assertThat(fromRedis.get(17).remaining()).isEqualTo(3);
  }

  @Test
  void acquire_perHourLimit_bindsAcrossMinutes_likeInMemory() {
    RateLimitRule rule = new RateLimitRule(10, 15);
    String key = "authentication:198.51.100." + unique();
    InMemoryRateLimitStore local = new InMemoryRateLimitStore();
    Instant t0 = Instant.parse("2031-03-04T10:00:00Z");
    List<RateLimitDecision> fromRedis = new ArrayList<>();
    List<RateLimitDecision> fromMemory = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Instant at = i < 10 ? t0 : t0.plusSeconds(120);
      fromRedis.add(a.rateLimitStore().acquire(key, RateLimitCategory.AUTHENTICATION, rule, at));
      fromMemory.add(local.acquire(key, RateLimitCategory.AUTHENTICATION, rule, at));
    }
    assertThat(fromRedis).containsExactlyElementsOf(fromMemory);
    RateLimitDecision refused = fromRedis.get(15);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limit()).isEqualTo(15);
    assertThat(refused.retryAfterSeconds()).isEqualTo(3600 - 120 + 240);
  }

  @Test
  void acquire_firstRequest_createsBothWindowCountersWithExpiries() {
    String key = "token_refresh:192.0.2." + unique();
    Instant now = Instant.parse("2031-03-04T10:00:00Z");
    a.rateLimitStore().acquire(key, RateLimitCategory.TOKEN_REFRESH, new RateLimitRule(30, 300),
        now);
    long es = now.getEpochSecond();
    String base = prefix + "rl:{" + RateLimitScript.tag(key) + "}:";
    byte[] minuteKey = KeyCodec.utf8(base + "m:" + es / 60);
    byte[] hourKey = KeyCodec.utf8(base + "h:" + es / 3600);
    assertThat(a.connector().sync().exists(KeyCodec.utf8(base + "m:" + (es / 60 - 1)))).isZero();
    assertThat(new String(a.connector().sync().get(minuteKey), StandardCharsets.UTF_8))
        .isEqualTo("1");
    assertThat(new String(a.connector().sync().get(hourKey), StandardCharsets.UTF_8))
        .isEqualTo("1");
    // Each current counter serves the next window as its previous one, plus a minute of grace.
    assertThat(a.connector().sync().ttl(minuteKey)).isBetween(121L, 180L);
    assertThat(a.connector().sync().ttl(hourKey)).isBetween(7201L, 7260L);
  }

  // ---- health ----

  @Test
  void check_redisUp_reportsOk() {
    assertThat(a.healthCheck().name()).isEqualTo("redis");
    assertThat(a.healthCheck().check().up()).isTrue();
    assertThat(a.healthCheck().check().detail()).isEqualTo("ok");
  }
}
