package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine's retention: {@link AuthEngine#purge()} computes its cutoffs from the grace period and
 * the audit retention, reports per kind, and the schedule runs it on its own.
 */
class RetentionTest extends EngineTestBase {
  private static final Duration DAY = Duration.ofDays(1);

  @Override
  JanuaConfig.Builder config() {
    return super.config().retentionPurgeInterval(Duration.ZERO);
  }

  private static TokenFailureReason reason(Throwable e) {
    return ((InvalidTokenException) e).reason();
  }

  @Test
  void purge_signedOutSessionPastGrace_goesWithItsTokens_countedByKind() {
    AuthResult a = signup();
    AuthResult refreshed = engine.refresh(a.tokens().refreshToken(), CLIENT);
    engine.signout(principal(refreshed));
    String sessionId = a.session().id();

    clock.advance(engine.config().retentionGrace().minusSeconds(1));
    assertThat(engine.purge()).isEqualTo(PurgeCounts.NONE);
    // Inside the grace period the spent token is still known: presenting it is reuse.
    assertThatThrownBy(() -> engine.refresh(a.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isIn(TokenFailureReason.REFRESH_TOKEN_REUSED,
            TokenFailureReason.SESSION_REVOKED));

    clock.advance(Duration.ofSeconds(2));
    PurgeCounts counts = engine.purge();
    assertThat(counts).isEqualTo(new PurgeCounts(2, 1, 0, 0, 0, 0));
    assertThat(store.sessions().find(sessionId)).isEmpty();
    assertThat(metrics.purged).containsExactly("refresh_tokens/2", "sessions/1");
    assertThatThrownBy(() -> engine.refresh(refreshed.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_UNKNOWN));
  }

  @Test
  void purge_liveSessionRefreshedDaily_dropsOnlyTokensExpiredPastGrace_keepsWorking() {
    AuthResult current = signup();
    for (int day = 1; day <= 16; day++) {
      clock.advance(DAY);
      current = engine.refresh(current.tokens().refreshToken(), CLIENT);
    }
    // Now day 16; tokens issued on days 0 and 1 expired on days 7 and 8, before day 16 - 7 days.
    PurgeCounts counts = engine.purge();
    assertThat(counts).isEqualTo(new PurgeCounts(2, 0, 0, 0, 0, 0));
    AuthResult next = engine.refresh(current.tokens().refreshToken(), CLIENT);
    assertThat(principal(next).sessionId()).isEqualTo(current.session().id());
  }

  @Test
  void purge_auditOlderThanRetention_gone_zeroRetentionKeepsAll() {
    AuthResult a = signup();
    String userId = a.user().id();
    int events = store.audit().query(AuditQuery.latest(1000)).size();
    assertThat(events).isPositive();
    clock.advance(Duration.ofDays(91));
    try (AuthEngine keepAll = engine(config().auditRetention(Duration.ZERO).build())) {
      // The session (capped after 30 days) and its token go; every audit event stays.
      assertThat(keepAll.purge()).isEqualTo(new PurgeCounts(1, 1, 0, 0, 0, 0));
    }
    assertThat(store.audit().query(AuditQuery.forUser(userId, 10))).isNotEmpty();
    assertThat(engine.purge()).isEqualTo(new PurgeCounts(0, 0, 0, 0, 0, events));
    assertThat(store.audit().query(AuditQuery.forUser(userId, 10))).isEmpty();
  }

  @Test
  void schedule_runsPurgeOnItsOwn() throws InterruptedException {
    AuthResult a = signup();
    engine.signout(principal(a));
    clock.advance(Duration.ofDays(8));
    try (AuthEngine scheduled = engine(config()
        .retentionPurgeInterval(Duration.ofMillis(20)).build())) {
      for (int i = 0; i < 500 && store.sessions().find(a.session().id()).isPresent(); i++) {
        Thread.sleep(20);
      }
      assertThat(store.sessions().find(a.session().id())).isEmpty();
      assertThat(metrics.purged).contains("sessions/1");
    }
  }

  @Test
  void purge_closedEngine_refused() {
    engine.close();
    assertThatThrownBy(() -> engine.purge()).isInstanceOf(IllegalStateException.class);
  }
}
