package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.cache.CachePolicy;
import dev.janua.memory.InMemoryStore;
import dev.janua.redis.internal.RateLimitScript;
import dev.janua.spi.JanuaPlugin;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover under traffic: a master, a replica and three Sentinels (quorum 2,
 * {@code down-after-milliseconds 1000}) started by this test on free loopback ports; two engines
 * on one store of record, each with {@link RedisPlugin} on the Sentinel URL (L2 cache, bus,
 * revocation stream, shared limiter). While one thread takes rate-limit decisions through engine
 * A's {@link RedisRateLimitStore} and another signs in, validates and signs out through the
 * engines, the master is killed with SIGKILL. Sentinel promotes the replica; the test checks that
 *
 * <ul>
 *   <li>no engine call fails (the limiter falls back locally, the cache reads through), and the
 *       limiter decides in Redis again within 15 s of the kill although its breaker stays open
 *       30 s (it tries again once Lettuce has reconnected); the measured times are printed;
 *   <li>no rate-limit increment acknowledged by Redis more than {@link #LAG_WINDOW} before the
 *       kill is missing on the promoted master (replication is asynchronous: only the last
 *       replication lag may be lost, see docs/redis.md), and none acknowledged after it;
 *   <li>no session signed out before that window is accepted after the failover by either
 *       engine, none at all by the engine that signed it out or by an engine built afterwards (no
 *       stale L2 entry came back); the other engine refuses the sessions signed out while the bus
 *       was down once its bus is healthy again (it dropped its L1 when it lost the bus, and the
 *       revoking engine announces its unpublished invalidation as a gap), without waiting for
 *       any time to live;
 *   <li>the same engine instances work again without a restart: decisions counted on the new
 *       master, L2 fills read across engines, a sign-out on B refused by A through the bus, the
 *       readiness check ok.
 * </ul>
 */
class SentinelFailoverIT {
  private static final String PASSWORD = "correct horse battery";
  /** So wide that every decision is admitted, and each admitted one increments the counter. */
  private static final RateLimitRule WIDE = new RateLimitRule(10_000_000, 100_000_000);
  /** Writes acknowledged this long before the kill must be on the promoted master. */
  private static final Duration LAG_WINDOW = Duration.ofSeconds(1);
  private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final MutableClock clock = MutableClock.startingAt2026();
  private final String prefix = RedisTestSupport.freshPrefix(SentinelFailoverIT.class);

  /** Per limiter key: decisions Redis acknowledged, and when the last one was. */
  private record Acks(AtomicInteger count, AtomicLong lastNanos) {}

  @Test
  void masterKilled_replicaPromoted_noAcknowledgedWriteLostAndEnginesRecoverWithoutRestart()
      throws Exception {
    List<AuthEngine> engines = new ArrayList<>();
    try (RedisProcesses processes = new RedisProcesses("failover")) {
      int masterPort = RedisProcesses.freePort();
      Process master = processes.startServer(masterPort);
      int replicaPort = RedisProcesses.freePort();
      processes.startReplica(replicaPort, masterPort);
      List<Integer> sentinels = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int port = RedisProcesses.freePort();
        processes.startSentinel(port, masterPort, 2, 1000);
        sentinels.add(port);
      }
      for (int port : sentinels) {
        RedisProcesses.await("sentinel " + port + " knows the replica and the other sentinels",
            () -> String.valueOf(RespClient.tryCall(port, "SENTINEL", "replicas", "mymaster"))
                .contains(String.valueOf(replicaPort))
                && RespClient.tryCall(port, "SENTINEL", "sentinels", "mymaster")
                    instanceof List<?> l && l.size() == 2, null);
      }
      RedisConnectionConfig config = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
              .url("redis+sentinel://127.0.0.1:" + sentinels.get(0) + ",127.0.0.1:"
                  + sentinels.get(1) + ",127.0.0.1:" + sentinels.get(2) + "/mymaster/0"))
          .keyPrefix(prefix).poolSize(2).build(); // timeouts and reconnect back-off as shipped
      // The limiter's breaker as shipped (5 failures, 30 s open): it tries Redis again as soon
      // as Lettuce has reconnected to the promoted master, not after its 30 s.
      RedisRateLimitConfig limiter = RedisRateLimitConfig.defaults();

      InMemoryStore store = new InMemoryStore(); // the store of record (PostgreSQL in a fleet)
      AtomicReference<Optional<RedisRateLimitStore>> limiterRef = new AtomicReference<>();
      // janua-cache's L2 breaker waits out its whole delay, reconnect or not: 500 ms here.
      CachePolicy policy = CachePolicy.builder().failureThreshold(3)
          .breakerDelay(Duration.ofMillis(500)).build();
      TestCachePlugin cacheA = new TestCachePlugin(policy);
      TestCachePlugin cacheB = new TestCachePlugin(policy);
      AuthEngine a = engine(engines, store, cacheA, RedisPlugin.of(config).withRateLimit(limiter),
          ctx -> ctx.whenAssembled(() -> limiterRef.set(ctx.find(RedisRateLimitStore.class))));
      AuthEngine b = engine(engines, store, cacheB,
          RedisPlugin.of(config).withRateLimit(limiter));
      RedisRateLimitStore limiterA = limiterRef.get().orElseThrow();
      assertThat(a.ready().checks()).containsEntry("redis", "ok");

      // ---- traffic ----
      AtomicBoolean stop = new AtomicBoolean();
      long start = System.nanoTime();
      AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
      Map<String, Acks> acks = new ConcurrentHashMap<>();
      AtomicLong firstFallback = new AtomicLong(Long.MAX_VALUE);
      AtomicLong backInRedis = new AtomicLong(Long.MAX_VALUE);
      Queue<Throwable> limiterErrors = new ConcurrentLinkedQueue<>();
      Thread decisions = new Thread(() -> {
        boolean wasFallback = false;
        try {
          while (!stop.get()) {
            long t = System.nanoTime();
            String key = "failover:" + (t - start) / BUCKET_NANOS;
            long fallbacksBefore = limiterA.fallbackDecisions();
            boolean allowed = limiterA.acquire(key, RateLimitCategory.DEFAULT, WIDE,
                clock.instant()).allowed();
            long done = System.nanoTime();
            if (limiterA.fallbackDecisions() == fallbacksBefore) {
              assertThat(allowed).isTrue();
              Acks k = acks.computeIfAbsent(key,
                  x -> new Acks(new AtomicInteger(), new AtomicLong()));
              k.count().incrementAndGet();
              k.lastNanos().set(done);
              if (wasFallback && backInRedis.get() == Long.MAX_VALUE) {
                backInRedis.set(done);
              }
              wasFallback = false;
            } else {
              if (firstFallback.get() == Long.MAX_VALUE) {
                firstFallback.set(done);
              }
              wasFallback = true;
            }
          }
        } catch (Throwable e) {
          limiterErrors.add(e);
        }
      }, "failover-decisions");

      Queue<String> engineFailures = new ConcurrentLinkedQueue<>();
      Map<String, Long> signedOut = new ConcurrentHashMap<>(); // token -> when signout returned
      AtomicInteger sessions = new AtomicInteger();
      String email = Fixtures.uniqueEmail();
      b.signup(email, PASSWORD, ClientInfo.of("10.0.0.1"));
      Thread sessionTraffic = new Thread(() -> {
        int n = 0;
        while (!stop.get()) {
          n++;
          String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
          try {
            AuthResult r = b.signin(email, PASSWORD, ClientInfo.of(ip));
            String token = r.tokens().accessToken();
            a.validate(token);
            b.signout(b.validate(token));
            signedOut.put(token, System.nanoTime());
            sessions.incrementAndGet();
            if (!refused(b, token)) {
              engineFailures.add("B accepted its own signed-out session");
            }
          } catch (RuntimeException e) {
            engineFailures.add(String.format("%.3f s: %s", seconds(System.nanoTime() - start),
                e));
          }
        }
      }, "failover-sessions");
      decisions.start();
      sessionTraffic.start();
      try {
        Thread.sleep(2000);
        assertThat(acks).as("decisions in Redis before the kill").isNotEmpty();

        // ---- the master dies ----
        String lag = String.valueOf(RespClient.tryCall(masterPort, "INFO", "replication"));
        killedAt.set(System.nanoTime());
        processes.stop(master); // SIGKILL
        RedisProcesses.await("a sentinel names the replica as master", () ->
            String.valueOf(RespClient.tryCall(sentinels.get(0), "SENTINEL",
                "get-master-addr-by-name", "mymaster")).contains(String.valueOf(replicaPort)),
            null);
        long promoted = System.nanoTime();
        await(Duration.ofSeconds(45), "the limiter of A deciding in Redis again",
            () -> backInRedis.get() != Long.MAX_VALUE);
        Thread.sleep(1000); // traffic on the new master
        stop.set(true);
        decisions.join(10_000);
        sessionTraffic.join(10_000);

        double failoverSeconds = seconds(promoted - killedAt.get());
        double limiterBackSeconds = seconds(backInRedis.get() - killedAt.get());
        System.out.printf("SentinelFailoverIT: replica promoted %.2f s after SIGKILL of the master;"
                + " A's limiter deciding in Redis again after %.2f s (first fallback %.2f s after"
                + " the kill); %d sessions signed in and out; engine failures: %s; replication"
                + " before the kill: %s%n", failoverSeconds, limiterBackSeconds,
            seconds(firstFallback.get() - killedAt.get()), sessions.get(), engineFailures,
            lag.lines().filter(l -> l.startsWith("slave0")).findFirst().orElse("?"));

        assertThat(limiterErrors).as("the limiter never throws").isEmpty();
        assertThat(engineFailures).as("engine calls during the failover").isEmpty();
        assertThat(limiterBackSeconds).as("seconds until decisions are shared again (the "
            + "breaker's delay is %s)", limiter.recoveryDelay()).isLessThan(15);
        assertThat(firstFallback.get()).as("no fallback before the kill")
            .isGreaterThanOrEqualTo(killedAt.get());

        // ---- no acknowledged increment lost beyond the replication window ----
        long minute = clock.instant().getEpochSecond() / 60;
        long windowStart = killedAt.get() - LAG_WINDOW.toNanos();
        int checked = 0;
        int lostInWindow = 0;
        for (Map.Entry<String, Acks> e : acks.entrySet()) {
          Object v = RespClient.tryCall(replicaPort, "GET",
              prefix + "rl:{" + RateLimitScript.tag(e.getKey()) + "}:m:" + minute);
          long inRedis = v == null ? 0 : Long.parseLong((String) v);
          int acked = e.getValue().count().get();
          long last = e.getValue().lastNanos().get();
          if (last < windowStart || last > killedAt.get()) {
            assertThat(inRedis).as("increments of %s on the promoted master", e.getKey())
                .isGreaterThanOrEqualTo(acked);
            checked++;
          } else {
            lostInWindow += (int) Math.max(0, acked - inRedis);
          }
        }
        System.out.printf("SentinelFailoverIT: %d limiter keys checked, %d acknowledged "
            + "increments of the last %d ms before the kill missing on the new master%n",
            checked, lostInWindow, LAG_WINDOW.toMillis());
        assertThat(checked).isGreaterThan(10);

        // ---- revocations hold after the failover ----
        AuthEngine c = engine(engines, store, new TestCachePlugin(policy),
            RedisPlugin.of(config).withRateLimit(limiter));
        // Signed out more than the replication window before the kill: refused everywhere. B (the
        // revoking engine) and C (built after the failover, empty L1) refuse every signed-out
        // session. A may keep the L1 copy of a session signed out on B while the bus was down (the
        // invalidation could not be published) until the copy's L1 time to live; see
        // docs/redis.md#sentinel-failover.
        List<String> staleAtA = new ArrayList<>();
        int revokedChecked = 0;
        for (Map.Entry<String, Long> e : signedOut.entrySet()) {
          long at = e.getValue();
          assertThat(refused(b, e.getKey())).as("B refuses a session it signed out").isTrue();
          assertThat(refused(c, e.getKey())).as("a new engine refuses a signed-out session")
              .isTrue();
          if (at < windowStart) {
            assertThat(refused(a, e.getKey())).as("A refuses a session signed out before the "
                + "failover").isTrue();
          } else if (!refused(a, e.getKey())) {
            staleAtA.add(e.getKey());
          }
          revokedChecked++;
        }
        System.out.printf("SentinelFailoverIT: %d signed-out sessions checked; A still accepts %d"
            + " signed out on B during the failover (stale L1, invalidation not published)%n",
            revokedChecked, staleAtA.size());
        assertThat(revokedChecked).isGreaterThan(10);

        // ---- the same engines work again ----
        assertThat(limiterA.usingRedis()).isTrue();
        String key = "after:" + System.nanoTime();
        limiterA.acquire(key, RateLimitCategory.DEFAULT, WIDE, clock.instant());
        limiterA.acquire(key, RateLimitCategory.DEFAULT, WIDE, clock.instant());
        assertThat(RespClient.tryCall(replicaPort, "GET", prefix + "rl:{" + RateLimitScript.tag(key) + "}:m:" + minute))
            .as("counted on the promoted master").isEqualTo("2");
        await(Duration.ofSeconds(10), "readiness ok on A",
            () -> "ok".equals(a.ready().checks().get("redis")));

        String token = a.signin(email, PASSWORD, ClientInfo.of("10.255.0.1")).tokens()
            .accessToken();
        // A fills L1 and L2 (on the new master) with an organization (sessions, users and
        // permissions stay out of L2 by default); B, whose L1 does not hold it, reads A's fill.
        AtomicInteger probes = new AtomicInteger();
        await(Duration.ofSeconds(10), "B reading A's L2 fill from the new master", () -> {
          int n = probes.incrementAndGet();
          Principal owner = a.validate(token);
          Organization org = a.organizations().create(owner, "Probe " + n,
              "probe-" + System.nanoTime());
          a.organizations().get(owner, org.id());
          long l2Before = cacheB.cache().stats().l2Hits();
          b.organizations().get(b.validate(token), org.id());
          return cacheB.cache().stats().l2Hits() > l2Before;
        });
        a.validate(token);
        await(Duration.ofSeconds(5), "A serving the session from L1", () -> {
          long l1 = cacheA.cache().stats().l1Hits();
          a.validate(token);
          return cacheA.cache().stats().l1Hits() > l1;
        });
        b.signout(b.validate(token));
        await(Duration.ofSeconds(5), "A refusing the session B signed out (bus)",
            () -> refused(a, token));
        assertThat(cacheA.cache().l2Connected()).isTrue();

        // The bus is healthy again (the sign-out above reached A): A refuses every session
        // signed out during the failover too, with no time to live passing (clock not moved).
        assertThat(staleAtA).allSatisfy(t -> assertThat(refused(a, t))
            .as("A refuses a session signed out during the failover once the bus is back").isTrue());
      } finally {
        stop.set(true);
        decisions.join(10_000);
        sessionTraffic.join(10_000);
      }
    } finally {
      engines.forEach(AuthEngine::close);
    }
  }

  private AuthEngine engine(List<AuthEngine> engines, InMemoryStore store,
      JanuaPlugin... plugins) {
    var builder = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4)
            .keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY).build())
        .store(store).persistentKeys(true).clock(clock);
    for (JanuaPlugin p : plugins) {
      builder.install(p);
    }
    AuthEngine engine = builder.build();
    engines.add(engine);
    return engine;
  }

  private static boolean refused(AuthEngine engine, String token) {
    try {
      engine.validate(token);
      return false;
    } catch (InvalidTokenException e) {
      return true;
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void await(Duration limit, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + " did not happen within " + limit.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }
}
