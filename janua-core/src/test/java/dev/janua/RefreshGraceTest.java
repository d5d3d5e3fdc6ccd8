package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.RefreshTokens;
import dev.janua.internal.SealedSuccessors;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The refresh grace: a duplicate of a refresh within {@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}
 * gets the same successor while that successor is unspent (racing tabs stay signed in); once the
 * successor has been used, or past the grace, the spent token is reuse and ends the session (a
 * thief and a victim sharing a chain end it at their next collision).
 */
class RefreshGraceTest extends EngineTestBase {
  private static final int ROUNDS = 200;

  private static TokenFailureReason reason(Throwable e) {
    return ((InvalidTokenException) e).reason();
  }

  private List<AuditEvent> audit(AuthResult r) {
    return engine.users().auditEvents(AuditQuery.forUser(r.user().id(), 20));
  }

  @Test
  void refresh_twoConcurrentDuplicates_manyRounds_bothWorkWithTheSameSuccessor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        AuthResult up = signup();
        String spent = up.tokens().refreshToken();
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<AuthResult>> tabs = List.of(
            pool.submit(() -> {
              start.await();
              return engine.refresh(spent, CLIENT);
            }),
            pool.submit(() -> {
              start.await();
              return engine.refresh(spent, CLIENT);
            }));
        AuthResult a = tabs.get(0).get();
        AuthResult b = tabs.get(1).get();
        assertThat(a.tokens().refreshToken()).isEqualTo(b.tokens().refreshToken())
            .isNotEqualTo(spent);
        assertThat(engine.validate(a.tokens().accessToken()).sessionId()).isEqualTo(up.session().id());
        assertThat(engine.validate(b.tokens().accessToken()).sessionId()).isEqualTo(up.session().id());
        // The shared successor refreshes once more.
        AuthResult next = engine.refresh(b.tokens().refreshToken(), CLIENT);
        assertThat(engine.validate(next.tokens().accessToken()).sessionId())
            .isEqualTo(up.session().id());
      }
      assertThat(metrics.rotations).hasValue(2 * ROUNDS);
      assertThat(metrics.reuses).hasValue(0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refresh_thiefFirst_victimsTokenRevokesTheSessionAndAudits() {
    AuthResult victim = signup();
    String t0 = victim.tokens().refreshToken();
    // The thief spends the stolen token first, then its successor, all within the grace.
    AuthResult t1 = engine.refresh(t0, CLIENT);
    AuthResult t2 = engine.refresh(t1.tokens().refreshToken(), CLIENT);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> engine.refresh(t0, CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    // The thief's chain is dead.
    assertThatThrownBy(() -> engine.refresh(t2.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThatThrownBy(() -> engine.validate(t2.tokens().accessToken()))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThat(store.sessions().find(victim.session().id()).orElseThrow().revokedAt())
        .isEqualTo(clock.instant());
    AuditEvent reuse = audit(victim).get(0);
    assertThat(reuse.type()).isEqualTo(AuditEventType.REFRESH_TOKEN_REUSE_DETECTED);
    assertThat(reuse.sessionId()).isEqualTo(victim.session().id());
    assertThat(reuse.details()).containsEntry("successor_spent", "true");
    assertThat(metrics.reuses).hasValue(1);
  }

  @Test
  void refresh_duplicateWithinGraceAfterTheSuccessorWasUsed_isReuse() {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    AuthResult tabA = engine.refresh(t0, CLIENT);
    AuthResult tabB = engine.refresh(t0, CLIENT);
    assertThat(tabB.tokens().refreshToken()).isEqualTo(tabA.tokens().refreshToken());
    engine.refresh(tabA.tokens().refreshToken(), CLIENT);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> engine.refresh(t0, CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    assertThat(store.sessions().find(up.session().id()).orElseThrow().isLive(clock.instant()))
        .isFalse();
    assertThat(audit(up)).extracting(AuditEvent::type)
        .contains(AuditEventType.REFRESH_TOKEN_REUSE_DETECTED);
  }

  @Test
  void refresh_duplicateAtTheGraceEdge_served_justPast_isReuse() {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    AuthResult first = engine.refresh(t0, CLIENT);
    clock.advance(Duration.ofSeconds(5)); // the default grace
    assertThat(engine.refresh(t0, CLIENT).tokens().refreshToken())
        .isEqualTo(first.tokens().refreshToken());
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> engine.refresh(t0, CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    assertThat(audit(up).get(0).details()).containsEntry("successor_spent", "false");
  }

  @Test
  void refresh_zeroGrace_duplicateEvenInTheSameInstant_isReuse() {
    engine = engine(config().refreshReuseGrace(Duration.ZERO).build());
    AuthResult up = signup();
    engine.refresh(up.tokens().refreshToken(), CLIENT);
    // Without a grace nothing is sealed at all.
    assertThat(store.sessions().findRefreshToken(RefreshTokens.hash(up.tokens().refreshToken()))
        .orElseThrow().sealedSuccessor()).isNull();
    assertThatThrownBy(() -> engine.refresh(up.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
  }

  @Test
  void refresh_duplicateWithinGraceOfAnEndedSession_sessionRevoked_noToken() {
    AuthResult up = signup();
    AuthResult first = engine.refresh(up.tokens().refreshToken(), CLIENT);
    engine.signout(engine.validate(first.tokens().accessToken()));
    assertThatThrownBy(() -> engine.refresh(up.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
  }

  @Test
  void refresh_duplicateOfARotationWithoutSealedSuccessor_refusedWithoutRevoking() {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    // As a store written before sealing, or a row spent before the migration, leaves it.
    String successor = RefreshTokens.generate();
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(RefreshTokens.hash(t0),
        RefreshTokens.hash(successor), clock.instant().plus(Duration.ofDays(1))), clock.instant(),
        new AuditEvent("e-" + up.user().id(), AuditEventType.TOKEN_REFRESHED, null, null, null,
            null, null, Map.of(), clock.instant())))
        .isInstanceOf(RotationOutcome.Rotated.class);
    assertThatThrownBy(() -> engine.refresh(t0, CLIENT)).satisfies(
        e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_ALREADY_ROTATED));
    assertThat(engine.refresh(successor, CLIENT).session().id()).isEqualTo(up.session().id());
    assertThat(metrics.reuses).hasValue(0);
  }

  @Test
  void refresh_storeKeepsTheSuccessorOnlySealed_underTheSpentToken() {
    AuthResult up = signup();
    String t0 = up.tokens().refreshToken();
    String t1 = engine.refresh(t0, CLIENT).tokens().refreshToken();
    String sealed = store.sessions().findRefreshToken(RefreshTokens.hash(t0)).orElseThrow()
        .sealedSuccessor();
    assertThat(sealed).isNotNull().isNotEqualTo(t1).doesNotContain(t1.substring(4))
        .isNotEqualTo(RefreshTokens.hash(t1));
    assertThat(SealedSuccessors.open(t0, sealed)).contains(t1);
    // Not with what the store holds (the spent token's hash), nor with any other token.
    assertThat(SealedSuccessors.open(RefreshTokens.hash(t0), sealed)).isEmpty();
    assertThat(SealedSuccessors.open(t1, sealed)).isEmpty();
    assertThat(SealedSuccessors.open(RefreshTokens.generate(), sealed)).isEmpty();
    // The successor itself holds nothing until it is spent.
    assertThat(store.sessions().findRefreshToken(RefreshTokens.hash(t1)).orElseThrow()
        .sealedSuccessor()).isNull();
  }
}
