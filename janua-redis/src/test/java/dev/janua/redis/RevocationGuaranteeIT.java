package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidCredentialsException;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.StoreUnavailableException;
import dev.janua.TokenFailureReason;
import dev.janua.cache.CacheDataType;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The revocation guarantee of docs/security.md, with real processes: two engines A and B, each
 * with its own JdbcStore on one PostgreSQL schema and its own {@link RedisPlugin} on one
 * redis-server that this test starts (and kills) on a free loopback port. The bus runs with its
 * defaults (1 s heartbeat, 3 s timeout, 2 s acknowledgement timeout), so the bound under test is
 * the documented one: {@code CACHE_BUS_TIMEOUT_MS + CACHE_BUS_HEARTBEAT_MS} = 4 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationGuaranteeIT {
  private static final String PASSWORD = "correct horse battery";
  private static final String NEW_PASSWORD = "staple battery horse";
  private static final RedisBusConfig BUS = RedisBusConfig.defaults();
  private static final Duration BOUND = BUS.stalenessBound();
  /** Scheduling slack on a loaded two-core machine; the bound itself is what the docs state. */
  private static final Duration SLACK = Duration.ofMillis(1500);
  private static final ClientInfo CLIENT = new ClientInfo("198.51.100.7", "revocation-it");

  private final MutableClock clock = MutableClock.startingAt2026();
  private final String schema = ("it_revoke_" + UUID.randomUUID().toString().substring(0, 8))
      .toLowerCase(Locale.ROOT);
  private final List<AuthEngine> engines = new ArrayList<>();
  private RedisProcesses processes;
  private int port;
  private Process server;
  private Instance a;
  private Instance b;

  /** One service instance. */
  private record Instance(AuthEngine engine, JdbcStore jdbc, TestCachePlugin cache) {
    RedisInvalidationBus bus() {
      return (RedisInvalidationBus) cache.bus().orElseThrow();
    }
  }

  @BeforeEach
  void startFleet() {
    processes = new RedisProcesses("revocation");
    port = RedisProcesses.freePort();
    server = processes.startServer(port);
    a = instance();
    b = instance();
  }

  @AfterEach
  void stopFleet() {
    for (AuthEngine engine : engines) {
      engine.close();
    }
    engines.clear();
    processes.close();
  }

  @AfterAll
  void dropSchema() throws Exception {
    JdbcStore jdbc = jdbcStore();
    try (jdbc; Connection c = jdbc.dataSource().getConnection();
         Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private Instance instance() {
    JdbcStore jdbc = jdbcStore();
    TestCachePlugin cache = new TestCachePlugin();
    RedisConnectionConfig redis = RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
            .url("redis://127.0.0.1:" + port + "/0"))
        .keyPrefix("janua-it:revocation:")
        .poolSize(1)
        .commandTimeout(Duration.ofMillis(500))
        .reconnectMaxDelay(Duration.ofMillis(200))
        .build();
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
            .keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY).build())
        .install(ctx -> {
          ctx.store(ctx.closeOnShutdown(jdbc));
          ctx.persistentKeys();
          ctx.healthCheck(jdbc.healthCheck());
        })
        .install(cache)
        .install(RedisPlugin.of(redis).withoutRateLimiter().withBus(BUS))
        .clock(clock)
        .build();
    engines.add(engine);
    return new Instance(engine, jdbc, cache);
  }

  private JdbcStore jdbcStore() {
    JdbcStoreConfig config = RedisTestSupport.database().schema(schema).poolSize(1).maxOverflow(4)
        .build();
    try {
      return JdbcStore.builder().config(config).build();
    } catch (StoreUnavailableException e) {
      return fail("PostgreSQL for RevocationGuaranteeIT does not answer: set "
          + "JANUA_TEST_DATABASE_URL or run PostgreSQL on 127.0.0.1:5432 with a database 'test'", e);
    }
  }

  // ---- what "refused" means ----

  private static boolean sessionRefused(AuthEngine engine, String accessToken) {
    try {
      engine.validate(accessToken);
      return false;
    } catch (InvalidTokenException e) {
      assertThat(e.reason()).isEqualTo(TokenFailureReason.SESSION_REVOKED);
      return true;
    }
  }

  private static boolean signinRefused(AuthEngine engine, String email, String password) {
    try {
      engine.signin(email, password, CLIENT);
      return false;
    } catch (InvalidCredentialsException e) {
      return true;
    }
  }

  /** Polls until the condition holds; answers how long it took, failing past the bound. */
  private static Duration refusedWithinBound(String what, long since, BooleanSupplier refused)
      throws InterruptedException {
    long deadline = since + BOUND.plus(SLACK).toNanos();
    while (!refused.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + " was still accepted " + BOUND.plus(SLACK).toMillis()
            + " ms after the revoking call returned (bound " + BOUND.toMillis() + " ms)");
      }
      Thread.sleep(20);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - since);
    System.out.printf("RevocationGuaranteeIT: %s refused after %d ms (bound %d ms)%n", what,
        took.toMillis(), BOUND.toMillis());
    return took;
  }

  private static void warm(AuthEngine engine, String accessToken) {
    engine.validate(accessToken);
    engine.validate(accessToken);
  }

  // ---- (a) Redis dies ----

  @Test
  void redisKilled_passwordChangedAndUserDisabledOnA_BRefusesEverythingWithinTheBound()
      throws Exception {
    String u = Fixtures.uniqueEmail();
    String v = Fixtures.uniqueEmail();
    a.engine().signup(u, PASSWORD, CLIENT);
    String vId = a.engine().signup(v, PASSWORD, CLIENT).user().id();
    // B has U and V in its in-process tier, and serves their sessions from it
    String uToken = b.engine().signin(u, PASSWORD, CLIENT).tokens().accessToken();
    String vToken = b.engine().signin(v, PASSWORD, CLIENT).tokens().accessToken();
    warm(b.engine(), uToken);
    warm(b.engine(), vToken);
    long l1Hits = b.cache().cache().stats().l1Hits();
    b.engine().validate(uToken);
    assertThat(b.cache().cache().stats().l1Hits()).isGreaterThan(l1Hits);
    Principal uOnA = a.engine().validate(a.engine().signin(u, PASSWORD, CLIENT).tokens()
        .accessToken());

    processes.stop(server); // Redis dies: no publish, no L2 delete can reach it

    a.engine().users().changePassword(uOnA, PASSWORD, NEW_PASSWORD, CLIENT);
    a.engine().users().setEnabled(vId, false);
    long returned = System.nanoTime();

    refusedWithinBound("U's old session on B", returned, () -> sessionRefused(b.engine(), uToken));
    refusedWithinBound("V's old session on B", returned, () -> sessionRefused(b.engine(), vToken));
    refusedWithinBound("U's old password on B", returned,
        () -> signinRefused(b.engine(), u, PASSWORD));
    refusedWithinBound("disabled V on B", returned, () -> signinRefused(b.engine(), v, PASSWORD));
    assertThat(b.bus().healthy()).isFalse();
    assertThat(b.cache().cache().busLost()).isTrue();
    assertThat(b.bus().stats().lostTransitions()).isPositive();
    // B reads the store of record: U's new password works there while Redis is down
    assertThat(b.engine().signin(u, NEW_PASSWORD, CLIENT).user().email()).isEqualTo(u);

    // Redis comes back (empty): B recovers, and still nothing stale is served from any tier
    server = processes.startServer(port);
    RedisProcesses.await("B's bus is healthy again", () -> b.bus().healthy(), server);
    RedisProcesses.await("A's bus is healthy again", () -> a.bus().healthy(), server);
    assertThat(b.cache().cache().busLost()).isFalse();
    for (int i = 0; i < 3; i++) {
      assertThat(sessionRefused(b.engine(), uToken)).isTrue();
      assertThat(sessionRefused(b.engine(), vToken)).isTrue();
      assertThat(signinRefused(b.engine(), u, PASSWORD)).isTrue();
      assertThat(signinRefused(b.engine(), v, PASSWORD)).isTrue();
    }
  }

  // ---- (b) B's subscriber is killed, or silently stops hearing ----

  @Test
  void subscriberKilledOnB_revokeOnA_BRefusesWithinTheBound() throws Exception {
    long clientId = b.bus().subscriberClientId();
    assertThat(clientId).as("B's pub/sub connection id").isPositive();
    AuthResult r = a.engine().signup(Fixtures.uniqueEmail(), PASSWORD, CLIENT);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String t = a.engine().signin(r.user().email(), PASSWORD, CLIENT).tokens().accessToken();
      warm(b.engine(), t);
      tokens.add(t);
    }
    Object killed = RespClient.tryCall(port, "CLIENT", "KILL", "ID", Long.toString(clientId),
        "TYPE", "pubsub");
    assertThat(killed).as("CLIENT KILL reply").isEqualTo(1L);
    for (String t : tokens) {
      a.engine().signout(a.engine().validate(t));
      long returned = System.nanoTime();
      refusedWithinBound("a session revoked on A while B's subscriber was killed", returned,
          () -> sessionRefused(b.engine(), t));
    }
  }

  @Test
  void subscriberSilentlyDeafOnB_revokeOnA_BNoticesTheLossAndRefusesWithinTheBound()
      throws Exception {
    AuthResult r = a.engine().signup(Fixtures.uniqueEmail(), PASSWORD, CLIENT);
    String token = r.tokens().accessToken();
    warm(b.engine(), token);
    b.bus().unsubscribeSilentlyForTests(); // its connection stays open: only the sequence tells
    a.engine().signout(a.engine().validate(token));
    long returned = System.nanoTime();
    assertThat(a.bus().stats().ackTimeouts()).as("A waited for B's acknowledgement").isPositive();
    refusedWithinBound("a session revoked on A while B heard nothing", returned,
        () -> sessionRefused(b.engine(), token));
    assertThat(b.bus().stats().lostTransitions()).isPositive();
  }

  @Test
  void messageLostWithoutARevoke_BDropsItsInProcessTierWithinTheBound() throws Exception {
    AuthResult r = a.engine().signup(Fixtures.uniqueEmail(), PASSWORD, CLIENT);
    warm(b.engine(), r.tokens().accessToken());
    assertThat(b.cache().cache().stats().l1Size()).isPositive();
    // a number is taken and its message never published: a lost message
    RespClient.tryCall(port, "INCR", "janua-it:revocation:{invalidation}:seq");
    long lostAt = System.nanoTime();
    refusedWithinBound("B's trust in its in-process tier", lostAt,
        () -> b.bus().stats().lostTransitions() + b.bus().stats().gaps() > 0);
    RedisProcesses.await("B's bus is healthy again", () -> b.bus().healthy(), server);
    // what B answers now it read after the loss
    long misses = b.cache().cache().stats().misses();
    b.engine().validate(r.tokens().accessToken());
    assertThat(b.cache().cache().stats().misses()).isGreaterThan(misses);
  }

  // ---- (c) no window in normal operation ----

  @Test
  void revokeOnA_thenAtOnceValidateOnB_refused_1000TimesInARow() {
    String email = Fixtures.uniqueEmail();
    a.engine().signup(email, PASSWORD, CLIENT);
    for (int i = 0; i < 1000; i++) {
      String token = a.engine().signin(email, PASSWORD, CLIENT).tokens().accessToken();
      warm(b.engine(), token);
      long l1Hits = b.cache().cache().stats().l1Hits();
      b.engine().validate(token);
      assertThat(b.cache().cache().stats().l1Hits()).as("B serves the session from L1")
          .isGreaterThan(l1Hits);
      a.engine().signout(a.engine().validate(token));
      int round = i;
      assertThatThrownBy(() -> b.engine().validate(token))
          .as("round %d", round)
          .isInstanceOfSatisfying(InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    }
    assertThat(a.bus().stats().ackTimeouts()).isZero();
    assertThat(CacheDataType.SESSION.sensitive()).isTrue();
  }
}
