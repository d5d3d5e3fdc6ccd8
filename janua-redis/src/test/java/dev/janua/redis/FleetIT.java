package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.RateLimitedException;
import dev.janua.RoleName;
import dev.janua.StoreUnavailableException;
import dev.janua.TokenFailureReason;
import dev.janua.cache.CacheDataType;
import dev.janua.cache.CachePolicy;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fleet: two engines, each with its own JdbcStore on one PostgreSQL schema and its own
 * {@link RedisPlugin} under one key prefix (L2 cache, invalidation bus, shared limiter), exactly as
 * two service instances would run. Revocations, role changes and rate limits hold across both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetIT {
  private static final String PASSWORD = "correct horse battery";
  private final MutableClock clock = MutableClock.startingAt2026();
  private final String schema = ("it_fleet_" + UUID.randomUUID().toString().substring(0, 8))
      .toLowerCase(Locale.ROOT);
  private final String prefix = RedisTestSupport.freshPrefix(FleetIT.class);
  private final List<AuthEngine> engines = new ArrayList<>();

  private Instance a;
  private Instance b;
  private Instance strictA;
  private Instance strictB;

  /** One service instance. */
  private record Instance(AuthEngine engine, JdbcStore jdbc, TestCachePlugin cache) {}

  @BeforeAll
  void startFleet() {
    a = instance(CachePolicy.defaults());
    b = instance(CachePolicy.defaults());
    CachePolicy strict = CachePolicy.builder()
        .sharedOnly(CacheDataType.SESSION, CacheDataType.PERMISSIONS).build();
    strictA = instance(strict);
    strictB = instance(strict);
  }

  private RedisConnectionConfig redisConfig() {
    return RedisTestSupport.loopbackOnly(RedisConnectionConfig.builder()
        .url(RedisTestSupport.sharedUrl())).keyPrefix(prefix).poolSize(1).build();
  }

  private Instance instance(CachePolicy policy) {
    JdbcStore jdbc = jdbcStore();
    TestCachePlugin cache = new TestCachePlugin(policy);
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build())
        // What janua-jdbc's JdbcPlugin contributes: the store, shared keys, its check, its close.
        .install(ctx -> {
          ctx.store(ctx.closeOnShutdown(jdbc));
          ctx.persistentKeys();
          ctx.healthCheck(jdbc.healthCheck());
        })
        .install(cache)
        .install(RedisPlugin.of(redisConfig()))
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
      return fail("PostgreSQL for FleetIT does not answer: set JANUA_TEST_DATABASE_URL or run "
          + "PostgreSQL on 127.0.0.1:5432 with a database 'test' (or start a Docker engine for "
          + "Testcontainers)", e);
    }
  }

  @AfterAll
  void stopFleet() throws Exception {
    try (Connection c = a.jdbc().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    try (RedisJanua cleanup = RedisTestSupport.connect(redisConfig(),
        RedisRateLimitConfig.defaults())) {
      cleanup.connector().scanAndUnlink(KeyCodec.utf8(KeyCodec.escapeGlob(prefix) + "*"), 500);
    }
    for (AuthEngine engine : engines) {
      engine.close(); // closes its JdbcStore and its Redis connections
    }
  }

  private static ClientInfo client(String ip) {
    return new ClientInfo(ip, "fleet-it");
  }

  private static String freshIp() {
    return "198.51.100." + (1 + (int) (Math.random() * 250));
  }

  private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + " did not happen within 2 s");
      }
      Thread.sleep(2);
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

  @Test
  void strict_sessionRevokedOnA_rejectedByBsVeryNextValidate() {
    AuthResult r = strictA.engine().signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp()));
    String token = r.tokens().accessToken();
    strictB.engine().validate(token);
    strictB.engine().validate(token); // B has read the session through the cache
    strictA.engine().signout(strictA.engine().validate(token));
    assertThat(rejected(strictB.engine(), token)).isTrue();
  }

  @Test
  void strict_roleChangedOnA_seenByBsNextPermissionCheck() {
    Principal owner = strictA.engine().validate(strictA.engine()
        .signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp())).tokens().accessToken());
    AuthResult m = strictA.engine().signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp()));
    Organization org = strictA.engine().organizations().create(owner, "Fleet", "fleet-" + UUID.randomUUID());
    strictA.engine().organizations().addMember(owner, org.id(), m.user().id(), RoleName.of("viewer"));
    Principal member = strictB.engine().validate(m.tokens().accessToken());
    assertThat(strictB.engine().checkPermission(member, org.id(), "members:create")).isFalse();
    strictA.engine().organizations().changeRole(owner, org.id(), m.user().id(), RoleName.of("admin"));
    assertThat(strictB.engine().checkPermission(member, org.id(), "members:create")).isTrue();
  }

  @Test
  void default_sessionRevokedOnA_rejectedByBWithinMilliseconds_viaTheBus() throws Exception {
    AuthResult r = a.engine().signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp()));
    String token = r.tokens().accessToken();
    b.engine().validate(token);
    b.engine().validate(token);
    long l1HitsBefore = b.cache().cache().stats().l1Hits();
    b.engine().validate(token);
    assertThat(b.cache().cache().stats().l1Hits()).isGreaterThan(l1HitsBefore); // B serves it from L1
    long revokedAt = System.nanoTime();
    a.engine().signout(a.engine().validate(token));
    eventually(() -> rejected(b.engine(), token), "B rejecting the revoked session");
    System.out.printf("FleetIT: revocation on A reached B's L1 in %.2f ms%n",
        (System.nanoTime() - revokedAt) / 1e6);
    assertThat(rejected(a.engine(), token)).isTrue();
  }

  @Test
  void default_roleChangedOnA_seenByB_viaTheBus() throws Exception {
    Principal owner = a.engine().validate(a.engine()
        .signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp())).tokens().accessToken());
    AuthResult m = a.engine().signup(Fixtures.uniqueEmail(), PASSWORD, client(freshIp()));
    Organization org = a.engine().organizations().create(owner, "Fleet", "fleet-" + UUID.randomUUID());
    a.engine().organizations().addMember(owner, org.id(), m.user().id(), RoleName.of("viewer"));
    Principal member = b.engine().validate(m.tokens().accessToken());
    assertThat(b.engine().checkPermission(member, org.id(), "members:create")).isFalse();
    a.engine().organizations().changeRole(owner, org.id(), m.user().id(), RoleName.of("admin"));
    eventually(() -> b.engine().checkPermission(member, org.id(), "members:create"),
        "B seeing the new role");
  }

  @Test
  void rateLimit_countsRequestsMadeToBothInstances() {
    String email = Fixtures.uniqueEmail();
    String ip = "203.0.113." + (1 + (int) (Math.random() * 250));
    a.engine().signup(email, PASSWORD, client(ip)); // 1 authentication request
    int admitted = 1;
    // Failed signins count (successful ones do not spend the budget).
    for (int i = 0; i < 9; i++) {
      AuthEngine via = i % 2 == 0 ? b.engine() : a.engine();
      admitted++;
      int remaining = 10 - admitted;
      assertThatThrownBy(() -> via.signin(email, "wrong password", client(ip)))
          .isInstanceOf(dev.janua.InvalidCredentialsException.class)
          .satisfies(e -> assertThat(((dev.janua.JanuaException) e).rateLimit())
              .hasValueSatisfying(d -> assertThat(d.remaining()).isEqualTo(remaining)));
    }
    assertThatThrownBy(() -> a.engine().signin(email, PASSWORD, client(ip)))
        .isInstanceOf(RateLimitedException.class);
    assertThatThrownBy(() -> b.engine().signin(email, PASSWORD, client(ip)))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void ready_reportsDatabaseAndRedis() {
    assertThat(a.engine().ready().checks()).containsEntry("database", "ok").containsEntry("redis", "ok");
  }
}
