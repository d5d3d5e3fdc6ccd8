package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.CreatedApiToken;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.StoreUnavailableException;
import dev.janua.TokenFailureReason;
import dev.janua.cache.CachePolicy;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RateLimitScript;
import dev.janua.spi.JanuaPlugin;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link RedisPlugin} installed on real engines against the shared Redis: the engine's rate-limit
 * decisions are counted in Redis, the cache tier carries L2 values and invalidations between two
 * engines on one store, the parts left out are absent, and {@code engine.close()} (or a failed
 * build) closes every connection it opened, as the server's {@code CLIENT LIST} shows. Each test
 * has its own key prefix and its own client name, so other clients of the server do not count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPluginIT {
  private static final String PASSWORD = "correct horse battery";
  private static final int POOL = 2;

  private final MutableClock clock = MutableClock.startingAt2026();
  private final List<AuthEngine> engines = new ArrayList<>();
  private RedisJanua observer;
  private String prefix;
  private String clientName;

  @BeforeAll
  void connectObserver() {
    observer = RedisTestSupport.connect(RedisTestSupport.loopbackOnly(RedisConnectionConfig
            .builder().url(RedisTestSupport.sharedUrl())).poolSize(1)
            .clientName("janua-it-observer").keyPrefix(RedisTestSupport.freshPrefix(getClass()))
            .build(),
        RedisRateLimitConfig.defaults());
  }

  @BeforeEach
  void freshNames() {
    prefix = RedisTestSupport.freshPrefix(getClass());
    clientName = "janua-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(AuthEngine::close);
    engines.clear();
    observer.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
  }

  @AfterAll
  void closeObserver() {
    if (observer != null) {
      observer.close();
    }
  }

  private RedisConnectionConfig config() {
    return RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
        .url(RedisTestSupport.sharedUrl())).keyPrefix(prefix).poolSize(POOL)
        .clientName(clientName).build();
  }

  private AuthEngine engine(InMemoryStore store, JanuaPlugin... plugins) {
    var builder = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build())
        .store(store).persistentKeys(true).clock(clock); // engines on one store share keys
    for (JanuaPlugin p : plugins) {
      builder.install(p);
    }
    AuthEngine engine = builder.build();
    engines.add(engine);
    return engine;
  }

  /** A plugin that only looks: what the others provided under {@code type}, once assembled. */
  private static <T> JanuaPlugin capture(Class<T> type, AtomicReference<Optional<T>> into) {
    return ctx -> ctx.whenAssembled(() -> into.set(ctx.find(type)));
  }

  /** How many connections of this test's engines the server holds. */
  private long connections() {
    String list = observer.connector().sync().clientList();
    return list.lines().filter(l -> (" " + l + " ").contains(" name=" + clientName + " "))
        .count();
  }

  private static Set<Thread> redisThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lettuce-")
            || t.getName().startsWith("janua-redis"))
        .collect(Collectors.toSet());
  }

  private static String freshIp() {
    return "198.51.100." + (1 + (int) (Math.random() * 250));
  }

  private String minuteCounter(String key) {
    long minute = clock.instant().getEpochSecond() / 60;
    byte[] v = observer.connector().sync().get(KeyCodec.utf8(prefix + "rl:{" + RateLimitScript.tag(key) + "}:m:"
        + minute));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private static void within5s(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + " did not happen within 5 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for: " + what);
      }
    }
  }

  private static boolean rejected(AuthEngine engine, String token) {
    try {
      engine.validate(token);
      return false;
    } catch (InvalidTokenException e) {
      assertThat(e.reason()).isEqualTo(TokenFailureReason.SESSION_REVOKED);
      return true;
    }
  }

  // ---- rate limiter ----

  @Test
  void install_engineRateLimits_decidedAndCountedInRedisAcrossEngines() {
    InMemoryStore store = new InMemoryStore();
    AtomicReference<Optional<RedisRateLimitStore>> limiterA = new AtomicReference<>();
    AuthEngine a = engine(store, RedisPlugin.of(config()),
        capture(RedisRateLimitStore.class, limiterA));
    AuthEngine b = engine(store, RedisPlugin.of(config()));
    String ip = freshIp();
    String email = Fixtures.uniqueEmail();

    AuthResult signup = a.signup(email, PASSWORD, ClientInfo.of(ip));
    assertThat(signup.rateLimit().remaining()).isEqualTo(9);
    assertThat(minuteCounter("authentication:" + ip)).isEqualTo("1");

    AuthResult signin = b.signin(email, PASSWORD, ClientInfo.of(ip));
    assertThat(signin.rateLimit().remaining()).as("B sees A's request").isEqualTo(9);
    assertThat(minuteCounter("authentication:" + ip)).as("a successful signin is not counted")
        .isEqualTo("1");
    assertThatThrownBy(() -> b.signin(email, "wrong password", ClientInfo.of(ip)))
        .satisfies(e -> assertThat(((dev.janua.JanuaException) e).rateLimit())
            .hasValueSatisfying(d -> assertThat(d.remaining()).isEqualTo(8)));
    assertThat(minuteCounter("authentication:" + ip)).isEqualTo("2");

    assertThat(limiterA.get()).hasValueSatisfying(l -> {
      assertThat(l.usingRedis()).isTrue();
      assertThat(l.fallbackDecisions()).isZero();
    });
  }

  @Test
  void withoutRateLimiter_engineKeepsItsLocalLimiterAndRedisCountsNothing() {
    InMemoryStore store = new InMemoryStore();
    AtomicReference<Optional<RedisRateLimitStore>> found = new AtomicReference<>();
    AuthEngine a = engine(store, RedisPlugin.of(config()).withoutRateLimiter(),
        capture(RedisRateLimitStore.class, found));
    AuthEngine b = engine(store, RedisPlugin.of(config()).withoutRateLimiter());
    String ip = freshIp();
    String email = Fixtures.uniqueEmail();

    a.signup(email, PASSWORD, ClientInfo.of(ip));
    assertThatThrownBy(() -> b.signin(email, "wrong password", ClientInfo.of(ip)))
        .satisfies(e -> assertThat(((dev.janua.JanuaException) e).rateLimit())
            .as("B's own, local count").hasValueSatisfying(d -> assertThat(d.remaining())
                .isEqualTo(9)));
    assertThat(minuteCounter("authentication:" + ip)).isNull();
    assertThat(found.get()).isEmpty();
    assertThat(a.ready().checks()).containsEntry("redis", "ok");
  }

  // ---- cache tier ----

  @Test
  void install_withACache_providesRedisL2AndBusSharedBetweenTwoEngines() {
    InMemoryStore store = new InMemoryStore(); // one store of record, as one database would be
    // sessions in L2 too (CACHE_L2_SENSITIVE=true): this test is about the shared tier
    CachePolicy l2All = CachePolicy.builder().sensitiveInShared(true).build();
    TestCachePlugin cacheA = new TestCachePlugin(l2All);
    TestCachePlugin cacheB = new TestCachePlugin(l2All);
    AuthEngine a = engine(store, cacheA, RedisPlugin.of(config()));
    AuthEngine b = engine(store, RedisPlugin.of(config()), cacheB); // install order does not matter

    assertThat(cacheA.remote()).containsInstanceOf(RedisRemoteCache.class);
    assertThat(cacheA.bus()).containsInstanceOf(RedisInvalidationBus.class);
    assertThat(cacheB.remote()).containsInstanceOf(RedisRemoteCache.class);
    assertThat(cacheB.bus()).containsInstanceOf(RedisInvalidationBus.class);
    assertThat(cacheA.bus()).isNotEqualTo(cacheB.bus());

    String token = a.signup(Fixtures.uniqueEmail(), PASSWORD, ClientInfo.of(freshIp()))
        .tokens().accessToken();
    a.validate(token); // A reads the session and fills both tiers
    long l2HitsBefore = cacheB.cache().stats().l2Hits();
    b.validate(token);
    assertThat(cacheB.cache().stats().l2Hits()).as("B finds A's fill in Redis")
        .isGreaterThan(l2HitsBefore);
    // A's signup published its invalidations on the bus; one may reach B after B filled its L1
    // and drop that copy (the safe direction). Once they are delivered, B serves from L1.
    within5s("B serving the session from L1", () -> {
      long l1HitsBefore = cacheB.cache().stats().l1Hits();
      b.validate(token);
      return cacheB.cache().stats().l1Hits() > l1HitsBefore;
    });

    a.signout(a.validate(token));

    within5s("B rejecting the revoked session", () -> rejected(b, token));
    assertThat(rejected(a, token)).isTrue();
  }

  @Test
  void apiToken_revokedOnA_rejectedByB_andLimitedPerTokenInRedis() {
    InMemoryStore store = new InMemoryStore();
    TestCachePlugin cacheB = new TestCachePlugin();
    AuthEngine a = engine(store, new TestCachePlugin(), RedisPlugin.of(config()));
    AuthEngine b = engine(store, RedisPlugin.of(config()), cacheB);
    Principal owner = a.validate(a.signup(Fixtures.uniqueEmail(), PASSWORD,
        ClientInfo.of(freshIp())).tokens().accessToken());
    Organization org = a.organizations().create(owner, "Org", "org-" + System.nanoTime());
    CreatedApiToken created = a.apiTokens().create(owner, org.id(), "ci", Set.of("org:read"),
        clock.instant().plus(Duration.ofDays(7)));
    String id = created.apiToken().id();

    assertThat(b.authenticate(created.token()).apiTokenId()).isEqualTo(id);
    assertThat(minuteCounter("api_token:" + id)).as("counted per token in Redis").isEqualTo("1");
    a.authenticate(created.token());
    assertThat(minuteCounter("api_token:" + id)).as("A counts on B's window").isEqualTo("2");
    within5s("B serving the token from L1", () -> {
      long l1HitsBefore = cacheB.cache().stats().l1Hits();
      b.authenticate(created.token());
      return cacheB.cache().stats().l1Hits() > l1HitsBefore;
    });

    a.apiTokens().revoke(owner, id);

    within5s("B rejecting the revoked API token", () -> {
      try {
        b.authenticate(created.token());
        return false;
      } catch (InvalidTokenException e) {
        assertThat(e.reason()).isEqualTo(TokenFailureReason.API_TOKEN_INVALID);
        return true;
      }
    });
  }

  @Test
  void withoutCacheTier_providesNeitherL2NorBusAndOpensNoPubSubConnection() {
    TestCachePlugin cache = new TestCachePlugin();
    engine(new InMemoryStore(), cache, RedisPlugin.of(config()).withoutCacheTier());

    assertThat(cache.remote()).isEmpty();
    assertThat(cache.bus()).isEmpty();
    assertThat(connections()).isEqualTo(POOL);
  }

  // ---- lifecycle ----

  @Test
  void close_engine_closesEveryConnectionAndThread() {
    Set<Thread> threadsBefore = redisThreads();
    assertThat(connections()).isZero();
    AuthEngine engine = engine(new InMemoryStore(), new TestCachePlugin(),
        RedisPlugin.of(config()));
    assertThat(connections()).as("the pool and the pub/sub connection").isEqualTo(POOL + 1);
    assertThat(engine.ready().checks()).containsEntry("redis", "ok");

    engine.close();
    engine.close(); // harmless

    within5s("the server drops the engine's connections", () -> connections() == 0);
    within5s("no Redis thread of the engine is left", () -> {
      Set<Thread> left = redisThreads();
      left.removeAll(threadsBefore);
      return left.isEmpty();
    });
  }

  @Test
  void withClientResources_runsOnTheApplicationsResourcesAndLeavesThemRunningOnClose() {
    ClientResources shared = DefaultClientResources.builder().ioThreadPoolSize(2).build();
    try {
      AuthEngine engine = engine(new InMemoryStore(), new TestCachePlugin(),
          RedisPlugin.of(config()).withClientResources(shared));
      assertThat(connections()).isEqualTo(POOL + 1);
      AuthResult signup = engine.signup(Fixtures.uniqueEmail(), PASSWORD, null);
      assertThat(engine.validate(signup.tokens().accessToken()).userId())
          .isEqualTo(signup.user().id());
      assertThat(engine.ready().checks()).containsEntry("redis", "ok");

      engine.close();

      within5s("the server drops the engine's connections", () -> connections() == 0);
      assertThat(shared.eventExecutorGroup().isShuttingDown())
          .as("the application's resources are its own to shut down").isFalse();
      // Another client of the application still runs on them.
      io.lettuce.core.RedisClient app = io.lettuce.core.RedisClient.create(shared,
          RedisTestSupport.sharedUrl());
      try (var c = app.connect()) {
        assertThat(c.sync().ping()).isEqualTo("PONG");
      } finally {
        app.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      shared.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }
  }

  @Test
  void build_failsAfterRedisConnected_closesTheConnections() {
    assertThatThrownBy(() -> engine(new InMemoryStore(), new TestCachePlugin(),
        RedisPlugin.of(config()), ctx -> {
          throw new JanuaConfigException("SOME_VARIABLE", "SOME_VARIABLE: broken");
        })).isInstanceOf(JanuaConfigException.class);
    within5s("the server drops the connections of the failed build", () -> connections() == 0);
  }

  @Test
  void install_redisUnreachable_buildFailsWithoutThePassword() {
    Set<Thread> threadsBefore = redisThreads();
    int port = RedisProcesses.freePort();
    RedisPlugin plugin = RedisPlugin.of(RedisConnectionConfig.builder()
        .url("redis://:hunter2@127.0.0.1:" + port + "/0")
        .connectTimeout(Duration.ofMillis(500)).build());

    assertThatThrownBy(() -> engine(new InMemoryStore(), plugin))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    within5s("no Redis thread of the failed build is left", () -> {
      Set<Thread> left = redisThreads();
      left.removeAll(threadsBefore);
      return left.isEmpty();
    });
  }
}
