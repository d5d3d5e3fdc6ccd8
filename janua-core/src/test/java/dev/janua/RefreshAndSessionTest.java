package dev.janua;

import dev.janua.spi.RefreshTokenRotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RefreshAndSessionTest extends EngineTestBase {

  private static TokenFailureReason reason(Throwable e) {
    return ((InvalidTokenException) e).reason();
  }

  @Test
  void refresh_rotates_oldTokenSpent_newPairWorks() {
    AuthResult first = signup();
    clock.advance(Duration.ofMinutes(1));
    AuthResult second = engine.refresh(first.tokens().refreshToken(), CLIENT);
    assertThat(second.tokens().refreshToken()).isNotEqualTo(first.tokens().refreshToken());
    assertThat(second.session().id()).isEqualTo(first.session().id());
    assertThat(second.session().lastUsedAt()).isEqualTo(clock.instant());
    assertThat(engine.validate(second.tokens().accessToken()).sessionId()).isEqualTo(first.session().id());
    AuthResult third = engine.refresh(second.tokens().refreshToken(), CLIENT);
    assertThat(third.user().id()).isEqualTo(first.user().id());
    assertThat(metrics.rotations).hasValue(2);
  }

  @Test
  void refresh_refreshTokenStoredOnlyAsHash() {
    AuthResult r = signup();
    // The store never sees the token: rotating by the raw token text finds nothing.
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(r.tokens().refreshToken(), "x", clock.instant()), clock.instant(), new AuditEvent("e", AuditEventType.TOKEN_REFRESHED, null, null, null, null, null, null, clock.instant())))
        .isInstanceOf(dev.janua.spi.RotationOutcome.Unknown.class);
  }

  @Test
  void refresh_spentTokenAfterGrace_revokesWholeSessionAndAudits() {
    AuthResult first = signup();
    AuthResult second = engine.refresh(first.tokens().refreshToken(), CLIENT);
    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> engine.refresh(first.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_REUSED));
    // The whole family is dead: the successor and the access token too.
    assertThatThrownBy(() -> engine.refresh(second.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThatThrownBy(() -> engine.validate(second.tokens().accessToken()))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThat(metrics.reuses).hasValue(1);
    assertThat(engine.users().auditEvents(AuditQuery.forUser(first.user().id(), 1)))
        .extracting(AuditEvent::type).containsExactly(AuditEventType.REFRESH_TOKEN_REUSE_DETECTED);
  }

  @Test
  void refresh_duplicateWithinGrace_getsTheSameSuccessorWithoutRevoking() {
    AuthResult first = signup();
    AuthResult second = engine.refresh(first.tokens().refreshToken(), CLIENT);
    clock.advance(Duration.ofSeconds(2));
    AuthResult duplicate = engine.refresh(first.tokens().refreshToken(), CLIENT);
    assertThat(duplicate.tokens().refreshToken()).isEqualTo(second.tokens().refreshToken());
    assertThat(duplicate.tokens().refreshTokenExpiresAt()).isEqualTo(second.tokens().refreshTokenExpiresAt());
    assertThat(duplicate.session().id()).isEqualTo(first.session().id());
    assertThat(engine.validate(duplicate.tokens().accessToken()).sessionId())
        .isEqualTo(first.session().id());
    assertThat(engine.validate(second.tokens().accessToken())).isNotNull();
    assertThat(engine.refresh(second.tokens().refreshToken(), CLIENT)).isNotNull();
    assertThat(metrics.reuses).hasValue(0);
    assertThat(metrics.rotations).hasValue(2);
  }

  @Test
  void refresh_fiftyThreadsSameToken_oneRotation_allGetTheSameSuccessor() throws Exception {
    AuthResult first = signup();
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AuthResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return engine.refresh(first.tokens().refreshToken(), CLIENT);
        }));
      }
      go.countDown();
      List<String> successors = new ArrayList<>();
      for (Future<AuthResult> f : results) {
        AuthResult r = f.get();
        assertThat(engine.validate(r.tokens().accessToken()).sessionId())
            .isEqualTo(first.session().id());
        successors.add(r.tokens().refreshToken());
      }
      assertThat(successors).hasSize(threads).containsOnly(successors.get(0));
      assertThat(metrics.rotations).hasValue(1);
      assertThat(engine.refresh(successors.get(0), CLIENT)).isNotNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refresh_expired_unknown_malformed() {
    AuthResult first = signup();
    assertThatThrownBy(() -> engine.refresh("jrt_" + "A".repeat(43), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_UNKNOWN));
    assertThatThrownBy(() -> engine.refresh("garbage", CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_UNKNOWN));
    assertThatThrownBy(() -> engine.refresh(first.tokens().accessToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_UNKNOWN));
    clock.advance(Duration.ofDays(7));
    assertThatThrownBy(() -> engine.refresh(first.tokens().refreshToken(), CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.REFRESH_TOKEN_EXPIRED));
  }

  @Test
  void refresh_neverExtendsPastSessionCap() {
    engine = engine(config().refreshTokenTtl(Duration.ofDays(7)).sessionMaxLifetime(Duration.ofDays(10)).build());
    AuthResult r = signup();
    for (int day = 0; day < 9; day += 3) {
      clock.advance(Duration.ofDays(3));
      r = engine.refresh(r.tokens().refreshToken(), CLIENT);
    }
    assertThat(r.tokens().refreshTokenExpiresAt()).isEqualTo(r.session().expiresAt());
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    String last = r.tokens().refreshToken();
    assertThatThrownBy(() -> engine.refresh(last, CLIENT))
        .satisfies(e -> assertThat(reason(e)).isEqualTo(TokenFailureReason.SESSION_REVOKED));
  }

  @Test
  void sessions_recordClientInfo_listLive_revokeOne() {
    String email = email();
    AuthResult a = engine.signup(email, PASSWORD, CLIENT, null);
    clock.advance(Duration.ofSeconds(1));
    AuthResult b = engine.signin(email, PASSWORD, new ClientInfo("198.51.100.4", "phone"));
    Principal pa = principal(a);
    assertThat(engine.sessions().list(pa)).extracting(Session::id).containsExactly(b.session().id(), a.session().id());
    assertThat(engine.sessions().list(pa).get(0).ipAddress()).isEqualTo("198.51.100.4");
    assertThat(engine.sessions().list(pa).get(0).userAgent()).isEqualTo("phone");
    engine.sessions().revoke(pa, b.session().id());
    assertThat(engine.sessions().list(pa)).extracting(Session::id).containsExactly(a.session().id());
    assertThatThrownBy(() -> engine.validate(b.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> engine.sessions().revoke(pa, b.session().id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void revokeSession_ofAnotherUser_notFound() {
    AuthResult mine = signup();
    AuthResult theirs = signup();
    assertThatThrownBy(() -> engine.sessions().revoke(principal(mine), theirs.session().id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(engine.validate(theirs.tokens().accessToken())).isNotNull();
  }

  @Test
  void revokeSessions_all_rejectsEveryAccessToken() {
    String email = email();
    AuthResult a = engine.signup(email, PASSWORD, CLIENT, null);
    AuthResult b = engine.signin(email, PASSWORD, CLIENT);
    assertThat(engine.sessions().revokeAll(a.user().id())).isEqualTo(2);
    assertThatThrownBy(() -> engine.validate(a.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> engine.validate(b.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void changePassword_revokesAllSessions_newPasswordWorks_oldDoesNot() {
    String email = email();
    AuthResult a = engine.signup(email, PASSWORD, CLIENT, null);
    AuthResult b = engine.signin(email, PASSWORD, CLIENT);
    assertThatThrownBy(() -> engine.users().changePassword(principal(a), "wrong password", "another long one", CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> engine.users().changePassword(principal(a), PASSWORD, "short", CLIENT))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("new_password"));
    engine.users().changePassword(principal(a), PASSWORD, "another long one", CLIENT);
    assertThatThrownBy(() -> engine.validate(a.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> engine.validate(b.tokens().accessToken())).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> engine.refresh(b.tokens().refreshToken(), CLIENT)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT)).isInstanceOf(InvalidCredentialsException.class);
    assertThat(engine.signin(email, "another long one", CLIENT)).isNotNull();
  }

  @Test
  void auditEvents_coverTheFlow_newestFirst() {
    String email = email();
    AuthResult a = engine.signup(email, PASSWORD, CLIENT, null);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> engine.signin(email, "wrong password!", CLIENT)).isInstanceOf(InvalidCredentialsException.class);
    clock.advance(Duration.ofSeconds(1));
    AuthResult b = engine.refresh(a.tokens().refreshToken(), CLIENT);
    clock.advance(Duration.ofSeconds(1));
    engine.sessions().revoke(principal(b), b.session().id());
    AuthResult c = engine.signin(email, PASSWORD, CLIENT);
    clock.advance(Duration.ofSeconds(1));
    engine.signout(principal(c));
    assertThat(engine.users().auditEvents(AuditQuery.forUser(a.user().id(), 20))).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SIGNOUT, AuditEventType.SIGNIN_SUCCEEDED,
            AuditEventType.SESSION_REVOKED, AuditEventType.TOKEN_REFRESHED,
            AuditEventType.SIGNIN_FAILED, AuditEventType.SIGNIN_SUCCEEDED, AuditEventType.SIGNUP);
    AuditEvent failed = engine.users().auditEvents(AuditQuery.forUser(a.user().id(), 20)).get(4);
    assertThat(failed.ipAddress()).isEqualTo("203.0.113.7");
    assertThat(failed.details()).containsEntry("reason", "wrong_password");
    assertThat(failed.details().values()).noneMatch(v -> v.contains("wrong password!"));
  }
}
