package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.TokenFailureReason;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on PostgreSQL: two engines on two {@link JdbcStore} instances share one schema. */
class EngineIT {
  private static final String SCHEMA = TestDatabase.freshSchema(EngineIT.class);
  private static final String PASSWORD = "correct horse battery";
  private static JdbcStore storeA;
  private static JdbcStore storeB;
  private static final MutableClock CLOCK = MutableClock.startingAt2026();
  private static AuthEngine engineA;
  private static AuthEngine engineB;
  private final ClientInfo client = ClientInfo.of("203.0.113.5");

  @BeforeAll
  static void open() {
    storeA = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    storeB = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build();
    engineA = AuthEngine.builder().config(config).store(storeA).persistentKeys(true).clock(CLOCK)
        .healthCheck(storeA.healthCheck()).build();
    engineB = AuthEngine.builder().config(config).store(storeB).persistentKeys(true).clock(CLOCK)
        .healthCheck(storeB.healthCheck()).build();
  }

  @AfterAll
  static void close() {
    storeA.close();
    storeB.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void signupSigninRefreshValidate_acrossTwoEngines() {
    String email = Fixtures.uniqueEmail();
    AuthResult up = engineA.signup(email, PASSWORD, client, "Ada");
    AuthResult in = engineB.signin(email.toUpperCase(java.util.Locale.ROOT), PASSWORD, client);
    assertThat(in.user().id()).isEqualTo(up.user().id());
    Principal p = engineA.validate(in.tokens().accessToken());
    assertThat(p.sessionId()).isEqualTo(in.session().id());
    AuthResult refreshed = engineA.refresh(in.tokens().refreshToken(), client);
    assertThat(engineB.validate(refreshed.tokens().accessToken()).userId()).isEqualTo(up.user().id());
    assertThat(engineA.ready().ready()).isTrue();
    assertThat(engineA.ready().checks()).containsEntry("database", "ok");
  }

  @Test
  void refresh_fiftyConcurrentAcrossTwoEngines_allGetTheSameSuccessor_reuseThenRevokesSession()
      throws Exception {
    AuthResult up = engineA.signup(Fixtures.uniqueEmail(), PASSWORD, client, null);
    String refresh = up.tokens().refreshToken();
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Object>> results = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < threads; i++) {
        AuthEngine engine = i % 2 == 0 ? engineA : engineB;
        Callable<Object> call = () -> {
          start.await();
          try {
            return engine.refresh(refresh, client);
          } catch (InvalidTokenException e) {
            return e.reason();
          }
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<String> successors = new ArrayList<>();
      AuthResult winner = null;
      for (Future<Object> f : results) {
        Object o = f.get();
        assertThat(o).isInstanceOf(AuthResult.class);
        winner = (AuthResult) o;
        successors.add(winner.tokens().refreshToken());
        assertThat(engineB.validate(winner.tokens().accessToken()).sessionId())
            .isEqualTo(up.session().id());
      }
      // Concurrent duplicates inside the grace window share the one successor, nothing revoked.
      assertThat(successors).hasSize(threads).containsOnly(successors.get(0));

      // Past the grace window the spent token is a replay: the whole session goes.
      CLOCK.advance(Duration.ofSeconds(30));
      assertThatThrownBy(() -> engineB.refresh(refresh, client))
          .isInstanceOf(InvalidTokenException.class)
          .satisfies(e -> assertThat(((InvalidTokenException) e).reason())
              .isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
      AuthResult w = winner;
      assertThatThrownBy(() -> engineA.validate(w.tokens().accessToken()))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> engineA.refresh(w.tokens().refreshToken(), client))
          .isInstanceOf(InvalidTokenException.class);
      assertThat(storeB.sessions().find(up.session().id()).orElseThrow().revokedAt()).isNotNull();
    } finally {
      pool.shutdownNow();
    }
  }
}
