package dev.janua.jdbc;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.ConflictException;
import dev.janua.JanuaConfig;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent signups with one email on two {@link JdbcStore} instances over one schema: exactly
 * one wins, and the losers leave nothing behind (no user, session, token or audit event).
 */
class SignupRaceIT {
  private static final String SCHEMA = TestDatabase.freshSchema(SignupRaceIT.class);
  private static final int ROUNDS = 10;
  private static final int THREADS = 8;
  private static JdbcStore storeA;
  private static JdbcStore storeB;
  private static ExecutorService pool;

  @BeforeAll
  static void open() {
    storeA = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    storeB = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void close() {
    pool.shutdownNow();
    storeA.close();
    storeB.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  /** One signup's rows, so a loser's can be looked for afterwards. */
  private record Attempt(StoredUser user, Session session, RefreshTokenRecord token) {}

  @Test
  void createWithSession_sameEmailOnTwoStores_exactlyOneWins_losersWriteNothing()
      throws Exception {
    Instant now = Instant.parse("2026-06-01T10:00:00Z").truncatedTo(ChronoUnit.MICROS);
    for (int round = 0; round < ROUNDS; round++) {
      String email = Fixtures.uniqueEmail();
      List<Attempt> attempts = new ArrayList<>();
      List<Future<Object>> results = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < THREADS; i++) {
        StoredUser u = new StoredUser(Fixtures.id(), email, null, Fixtures.HASH, true, now, now);
        Session s = session(u.id(), now, Duration.ofDays(30));
        Attempt a = new Attempt(u, s, token(s, now, Duration.ofDays(7)));
        attempts.add(a);
        JdbcStore target = i % 2 == 0 ? storeA : storeB;
        Callable<Object> call = () -> {
          start.await();
          try {
            target.users().createWithSession(a.user(), event(AuditEventType.SIGNUP, u.id(), now),
                a.session(), a.token(), event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
            return a;
          } catch (ConflictException e) {
            return e;
          }
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<Attempt> won = new ArrayList<>();
      int conflicts = 0;
      for (Future<Object> f : results) {
        Object o = f.get(60, TimeUnit.SECONDS);
        if (o instanceof Attempt a) {
          won.add(a);
        } else {
          assertThat(((ConflictException) o).field()).isEqualTo("email");
          conflicts++;
        }
      }
      assertThat(won).as("round %d", round).hasSize(1);
      assertThat(conflicts).isEqualTo(THREADS - 1);
      Attempt winner = won.get(0);
      assertThat(storeB.users().findByEmail(email)).map(StoredUser::id)
          .contains(winner.user().id());
      assertThat(storeA.sessions().find(winner.session().id())).isPresent();
      for (Attempt a : attempts) {
        if (a == winner) {
          continue;
        }
        assertThat(storeA.users().findById(a.user().id())).isEmpty();
        assertThat(storeB.sessions().find(a.session().id())).isEmpty();
        assertThat(storeA.audit().query(AuditQuery.forUser(a.user().id(), 10))).isEmpty();
      }
    }
  }

  @Test
  void signup_sameEmailOnTwoEngines_exactlyOneAccount() throws Exception {
    JanuaConfig config = JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build();
    MutableClock clock = MutableClock.startingAt2026();
    try (AuthEngine a = AuthEngine.builder().config(config).clock(clock).store(storeA)
            .persistentKeys(true).build();
        AuthEngine b = AuthEngine.builder().config(config).clock(clock).store(storeB)
            .persistentKeys(true).build()) {
      String email = Fixtures.uniqueEmail();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        AuthEngine engine = i % 2 == 0 ? a : b;
        Callable<Object> call = () -> {
          start.await();
          try {
            return engine.signup(email, "correct horse battery", ClientInfo.of("203.0.113.11"));
          } catch (ConflictException e) {
            return e;
          }
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<AuthResult> won = new ArrayList<>();
      for (Future<Object> f : results) {
        Object o = f.get(60, TimeUnit.SECONDS);
        if (o instanceof AuthResult r) {
          won.add(r);
        } else {
          assertThat(((ConflictException) o).field()).isEqualTo("email");
        }
      }
      assertThat(won).hasSize(1);
      assertThat(b.validate(won.get(0).tokens().accessToken()).userId())
          .isEqualTo(won.get(0).user().id());
      assertThat(storeA.users().findByEmail(email)).map(StoredUser::id)
          .contains(won.get(0).user().id());
    }
  }
}
