package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PoolStatsSource;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link JdbcPlugin} installed on real engines over PostgreSQL. */
class JdbcPluginIT {
  private static final String SCHEMA = TestDatabase.freshSchema(JdbcPluginIT.class);
  private static final String PASSWORD = "correct horse battery";
  private final MutableClock clock = MutableClock.startingAt2026();
  private final ClientInfo client = ClientInfo.of("203.0.113.8");
  private final JanuaConfig config =
      JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
          .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build();

  @AfterAll
  static void drop() {
    TestDatabase.dropSchema(SCHEMA);
  }

  /** A plugin that records, once every plugin is installed, the pool statistics provided. */
  private static JanuaPlugin poolStatsProbe(List<PoolStatsSource> seen) {
    return ctx -> ctx.whenAssembled(() -> seen.addAll(ctx.findAll(PoolStatsSource.class)));
  }

  @Test
  void install_signupAndValidateOnPostgres_thenEngineCloseClosesThePool() {
    List<PoolStatsSource> seen = new CopyOnWriteArrayList<>();
    AuthEngine engine = AuthEngine.builder().config(config).clock(clock)
        .install(JdbcPlugin.of(TestDatabase.config(SCHEMA).build()))
        .install(poolStatsProbe(seen))
        .build();
    AuthResult up = engine.signup(Fixtures.uniqueEmail(), PASSWORD, client);
    Principal p = engine.validate(up.tokens().accessToken());
    assertThat(p.userId()).isEqualTo(up.user().id());
    assertThat(p.sessionId()).isEqualTo(up.session().id());
    assertThat(engine.ready().ready()).isTrue();
    assertThat(engine.ready().checks()).containsEntry("database", "ok");

    // The pool statistics the plugin provides are its store's.
    assertThat(seen).singleElement().isInstanceOf(JdbcStore.class);
    JdbcStore store = (JdbcStore) seen.get(0);
    assertThat(store.schema()).isEqualTo(SCHEMA);
    assertThat(store.poolStats().max()).isEqualTo(10);
    // The store of record is PostgreSQL: the user, the session and the signing key are there.
    try (JdbcStore other = JdbcStore.builder()
        .config(TestDatabase.config(SCHEMA).migrate(false).build()).build()) {
      assertThat(other.users().findById(up.user().id())).isPresent();
      assertThat(other.sessions().find(up.session().id())).isPresent();
      assertThat(other.signingKeys().all()).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    }

    engine.close();
    assertThat(store.dataSource()).isInstanceOf(HikariDataSource.class);
    assertThat(((HikariDataSource) store.dataSource()).isClosed()).isTrue();
    assertThatThrownBy(() -> store.users().findById(up.user().id()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.healthCheck().check().up()).isFalse();
    engine.close(); // a second close is harmless
  }

  @Test
  void onePlugin_twoEngines_eachItsOwnPool_sharedKeysAndData() {
    List<PoolStatsSource> seenA = new CopyOnWriteArrayList<>();
    List<PoolStatsSource> seenB = new CopyOnWriteArrayList<>();
    JdbcPlugin plugin = JdbcPlugin.of(TestDatabase.config(SCHEMA).build());
    AuthEngine a = AuthEngine.builder().config(config).clock(clock).install(plugin)
        .install(poolStatsProbe(seenA)).build();
    try (AuthEngine b = AuthEngine.builder().config(config).clock(clock).install(plugin)
        .install(poolStatsProbe(seenB)).build()) {
      assertThat(seenA).singleElement().isNotSameAs(seenB.get(0));
      String email = Fixtures.uniqueEmail();
      AuthResult up = a.signup(email, PASSWORD, client);
      // Keys are persistent (in the database), so b verifies what a signed, and sees a's user.
      assertThat(b.validate(up.tokens().accessToken()).userId()).isEqualTo(up.user().id());
      assertThat(b.signin(email, PASSWORD, client).user().id()).isEqualTo(up.user().id());
      assertThat(a.jwks()).isEqualTo(b.jwks());
      a.close();
      // Closing one engine closes its pool only.
      assertThat(((HikariDataSource) ((JdbcStore) seenA.get(0)).dataSource()).isClosed()).isTrue();
      assertThat(b.validate(up.tokens().accessToken()).userId()).isEqualTo(up.user().id());
      assertThat(b.ready().checks()).containsEntry("database", "ok");
    } finally {
      a.close();
    }
    assertThat(((HikariDataSource) ((JdbcStore) seenB.get(0)).dataSource()).isClosed()).isTrue();
  }
}
