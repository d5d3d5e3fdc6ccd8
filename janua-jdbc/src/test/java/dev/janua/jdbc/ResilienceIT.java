package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEventType;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.Readiness;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost and back while the store runs: a real TCP fault (a loopback proxy in front of
 * the server is cut, resetting every pooled connection and refusing new ones), not a mock.
 */
class ResilienceIT {
  private static final String SCHEMA = TestDatabase.freshSchema(ResilienceIT.class);
  private TcpProxy proxy;
  private JdbcStore store;

  @BeforeEach
  void open() throws Exception {
    InetSocketAddress db = TestDatabase.address();
    proxy = new TcpProxy(db.getHostString(), db.getPort());
    proxy.start();
    store = JdbcStore.builder()
        .config(TestDatabase.configVia(SCHEMA, proxy.port()).poolSize(2).maxOverflow(3)
            .poolTimeout(Duration.ofSeconds(1)).build())
        .healthCheckTimeout(Duration.ofMillis(500))
        .build();
  }

  @AfterEach
  void close() {
    store.close();
    proxy.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void outage_callsFailUnavailable_thenRecoverWithoutRebuild_nothingLost() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredUser before = Fixtures.user(now);
    store.users().create(before, Fixtures.event(AuditEventType.SIGNUP, before.id(), now));
    Session session = Fixtures.session(before.id(), now, Duration.ofDays(30));
    var token = Fixtures.token(session, now, Duration.ofDays(7));
    store.sessions().create(session, token,
        Fixtures.event(AuditEventType.SIGNIN_SUCCEEDED, before.id(), now));
    assertThat(store.healthCheck().check()).isEqualTo(HealthStatus.ok());

    proxy.stop();
    StoredUser during = Fixtures.user(now);
    assertThatThrownBy(() -> store.users().findById(before.id()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unavailable");
    assertThatThrownBy(() -> store.sessions().find(session.id())) // plain JDBC (Db.findOne)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unavailable")
        .hasMessageNotContaining(session.id());
    assertThatThrownBy(() -> store.users().create(during,
        Fixtures.event(AuditEventType.SIGNUP, during.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.sessions().rotateRefreshToken(new RefreshTokenRotation(
        token.tokenHash(), Fixtures.tokenHash(), now.plus(Duration.ofDays(7))), now,
        Fixtures.event(AuditEventType.TOKEN_REFRESHED, null, now)))
        .isInstanceOf(StoreUnavailableException.class);
    HealthStatus down = store.healthCheck().check();
    assertThat(down.up()).isFalse();
    assertThat(down.detail()).doesNotContain("postgres");

    proxy.start();
    awaitPoolRecovered();
    assertThat(store.users().findById(before.id())).contains(before);
    assertThat(store.sessions().find(session.id())).contains(session);
    assertThat(store.users().findById(during.id())).isEmpty();
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(token.tokenHash(),
        Fixtures.tokenHash(), now.plus(Duration.ofDays(7))), now,
        Fixtures.event(AuditEventType.TOKEN_REFRESHED, null, now)))
        .isInstanceOf(RotationOutcome.Rotated.class);
    store.users().create(during, Fixtures.event(AuditEventType.SIGNUP, during.id(), now));
    assertThat(store.users().findByEmail(during.email())).contains(during);
    assertThat(store.healthCheck().check()).isEqualTo(HealthStatus.ok());
  }

  @Test
  void outage_engineCallsFailUnavailable_readyDown_thenEngineRecovers() throws Exception {
    MutableClock clock = MutableClock.startingAt2026();
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(4).rateLimitEnabled(false)
        .keyEncryptionKey(dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY).build())
        .store(store).persistentKeys(true).clock(clock).healthCheck(store.healthCheck())
        .build();
    ClientInfo client = ClientInfo.of("203.0.113.9");
    String email = Fixtures.uniqueEmail();
    AuthResult signedUp = engine.signup(email, "correct horse battery", client, "Ada");
    assertThat(engine.ready().ready()).isTrue();

    proxy.stop();
    assertThatThrownBy(() -> engine.refresh(signedUp.tokens().refreshToken(), client))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> engine.signup(Fixtures.uniqueEmail(), "correct horse battery",
        client, null)).isInstanceOf(StoreUnavailableException.class);
    Readiness notReady = engine.ready();
    assertThat(notReady.ready()).isFalse();
    assertThat(notReady.checks().get("database")).isNotEqualTo("ok");

    proxy.start();
    awaitPoolRecovered();
    assertThat(engine.validate(signedUp.tokens().accessToken()).userId())
        .isEqualTo(signedUp.user().id());
    AuthResult refreshed = engine.refresh(signedUp.tokens().refreshToken(), client);
    assertThat(refreshed.session().id()).isEqualTo(signedUp.session().id());
    assertThat(engine.signin(email, "correct horse battery", client).user().id())
        .isEqualTo(signedUp.user().id());
    assertThat(engine.ready().ready()).isTrue();
  }

  /**
   * After an outage HikariCP reopens connections from a background thread, backing off between
   * failed attempts; the store answers again once one is open. Waits for that (at most 15 s) by
   * asking the health check, so the calls after it run against a database that answers.
   */
  private void awaitPoolRecovered() throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!store.healthCheck().check().up()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the pool did not reconnect within 15 s of the database returning");
      }
      Thread.sleep(50);
    }
  }
}
