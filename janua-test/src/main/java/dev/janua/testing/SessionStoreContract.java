package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.AuthResult;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SessionStore}: sessions, revocation, and refresh-token rotation as one
 * atomic step, also when many callers spend one token at once and when the session is revoked at
 * the moment its token rotates; a spent token keeps its sealed successor, so that racing duplicate
 * refreshes (on two engines over the store) both end with the same working successor.
 */
public abstract class SessionStoreContract extends AbstractStoreContract {
  /** How many callers spend one refresh token at once in the concurrent cases. */
  protected static final int ROTATION_RACERS = 50;
  /** How often a rotation races its session's revocation. */
  protected static final int REVOCATION_RACES = 50;
  /** How often two duplicate refreshes of one token race. */
  protected static final int DUPLICATE_RACES = 30;

  /** Lets subclasses exist. */
  protected SessionStoreContract() {}

  private AuditEvent refreshed() {
    return event(AuditEventType.TOKEN_REFRESHED, null, now);
  }

  private RotationOutcome rotate(Store target, String spentHash, String successorHash) {
    return target.sessions().rotateRefreshToken(
        new RefreshTokenRotation(spentHash, successorHash, now.plus(TTL)), now, refreshed());
  }

  private RotationOutcome rotate(String spentHash) {
    return rotate(store, spentHash, tokenHash());
  }

  @Test
  void createSession_thenFind_returnsItLive() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    Session found = store.sessions().find(s.id()).orElseThrow();
    assertThat(found).isEqualTo(s);
    assertThat(found.isLive(now)).isTrue();
    assertThat(store.sessions().find(id())).isEmpty();
  }

  @Test
  void liveSessions_excludesRevokedAndCapped_newestFirst() {
    StoredUser u = createdUser();
    Session old = createdSession(u, null);
    now = now.plusSeconds(10);
    Session newer = createdSession(u, null);
    now = now.plusSeconds(10);
    Session revoked = createdSession(u, null);
    store.sessions().revoke(revoked.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    assertThat(store.sessions().live(u.id(), now)).extracting(Session::id)
        .containsExactly(newer.id(), old.id());
    assertThat(store.sessions().live(u.id(), now.plus(CAP))).isEmpty();
  }

  @Test
  void revokeSession_onceOnly() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    AuditEvent e = event(AuditEventType.SIGNOUT, u.id(), now);
    assertThat(store.sessions().revoke(s.id(), now, e)).isTrue();
    assertThat(store.sessions().revoke(s.id(), now.plusSeconds(1),
        event(AuditEventType.SIGNOUT, u.id(), now))).isFalse();
    assertThat(store.sessions().find(s.id()).orElseThrow().revokedAt()).isEqualTo(now);
    assertThat(store.sessions().revoke(id(), now, event(AuditEventType.SIGNOUT, u.id(), now))).isFalse();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
        .filteredOn(a -> a.type() == AuditEventType.SIGNOUT).hasSize(1);
  }

  @Test
  void revokeUserSessions_revokesOnlyThatUsersLiveSessions() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    createdSession(u, null);
    createdSession(u, null);
    Session others = createdSession(other, null);
    assertThat(store.sessions().revokeAll(u.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now)))
        .isEqualTo(2);
    assertThat(store.sessions().live(u.id(), now)).isEmpty();
    assertThat(store.sessions().find(others.id()).orElseThrow().isLive(now)).isTrue();
  }

  @Test
  void findRefreshToken_liveSpentOrOfAnEndedSession_found_unknownEmpty() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    assertThat(store.sessions().findRefreshToken(first[0].tokenHash())).contains(first[0]);
    now = now.plusSeconds(30);
    String next = tokenHash();
    assertThat(rotate(store, first[0].tokenHash(), next)).isInstanceOf(RotationOutcome.Rotated.class);
    // Spent, it is still found: revoking it must still reach its session.
    assertThat(store.sessions().findRefreshToken(first[0].tokenHash())).contains(first[0]);
    assertThat(store.sessions().findRefreshToken(next)).contains(
        new RefreshTokenRecord(next, s.id(), u.id(), now, now.plus(TTL)));
    store.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
    assertThat(store.sessions().findRefreshToken(next)).isPresent();
    assertThat(store.sessions().findRefreshToken(tokenHash())).isEmpty();
  }

  @Test
  void rotate_liveToken_rotatesAndRecordsEventWithSubject() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    now = now.plusSeconds(30);
    String next = tokenHash();
    AuditEvent e = refreshed();
    RotationOutcome out = store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), next, now.plus(TTL)), now, e);
    assertThat(out).isInstanceOf(RotationOutcome.Rotated.class);
    RotationOutcome.Rotated r = (RotationOutcome.Rotated) out;
    assertThat(r.session().id()).isEqualTo(s.id());
    assertThat(r.session().lastUsedAt()).isEqualTo(now);
    assertThat(r.successor()).isEqualTo(
        new RefreshTokenRecord(next, s.id(), u.id(), now, now.plus(TTL)));
    assertThat(store.sessions().find(s.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
    AuditEvent recorded = store.audit().query(AuditQuery.forUser(u.id(), 1)).get(0);
    assertThat(recorded.id()).isEqualTo(e.id());
    assertThat(recorded.sessionId()).isEqualTo(s.id());
  }

  @Test
  void rotate_successorCanRotateAgain() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    createdSession(u, first);
    String second = tokenHash();
    rotate(store, first[0].tokenHash(), second);
    assertThat(rotate(second)).isInstanceOf(RotationOutcome.Rotated.class);
  }

  @Test
  void rotate_spentToken_alreadySpentWithWhen_andWritesNothing() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    Instant spentAt = now;
    rotate(first[0].tokenHash());
    now = now.plusSeconds(3);
    String wouldBe = tokenHash();
    RotationOutcome out = rotate(store, first[0].tokenHash(), wouldBe);
    assertThat(out).isEqualTo(new RotationOutcome.AlreadySpent(s.id(), u.id(), spentAt));
    assertThat(rotate(wouldBe)).isEqualTo(new RotationOutcome.Unknown());
  }

  @Test
  void rotate_unknownToken_unknown() {
    assertThat(rotate(tokenHash())).isEqualTo(new RotationOutcome.Unknown());
  }

  @Test
  void rotate_expiredToken_expired() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    now = now.plus(TTL);
    assertThat(rotate(first[0].tokenHash())).isEqualTo(new RotationOutcome.Expired(s.id()));
  }

  @Test
  void rotate_revokedSession_sessionEnded() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    store.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
    assertThat(rotate(first[0].tokenHash())).isEqualTo(new RotationOutcome.SessionEnded(s.id()));
  }

  @Test
  void rotate_successorExpiry_cappedAtSessionExpiry() {
    StoredUser u = createdUser();
    Session s = new Session(id(), u.id(), null, null, now, now, now.plus(Duration.ofDays(1)), null);
    RefreshTokenRecord t = token(s, now, Duration.ofHours(1));
    store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    RotationOutcome.Rotated r = (RotationOutcome.Rotated) rotate(t.tokenHash());
    assertThat(r.successor().expiresAt()).isEqualTo(s.expiresAt());
    assertThat(r.session().ipAddress()).isNull();
  }

  @Test
  void rotate_fiftyConcurrentCallers_exactlyOneRotates() throws Exception {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    createdSession(u, first);
    List<String> successors = new ArrayList<>();
    List<Race.Attempt<RotationOutcome>> attempts = rotateConcurrently(first[0], successors);
    int rotated = 0;
    int spent = 0;
    for (Race.Attempt<RotationOutcome> a : attempts) {
      assertThat(a.error()).isNull();
      if (a.value() instanceof RotationOutcome.Rotated) {
        rotated++;
      } else if (a.value() instanceof RotationOutcome.AlreadySpent) {
        spent++;
      }
    }
    assertThat(rotated).isEqualTo(1);
    assertThat(spent).isEqualTo(ROTATION_RACERS - 1);
  }

  @Test
  void rotate_concurrentCallers_losersWriteNothing() throws Exception {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    List<String> successors = new ArrayList<>();
    List<Race.Attempt<RotationOutcome>> attempts = rotateConcurrently(first[0], successors);
    int winner = -1;
    for (int i = 0; i < attempts.size(); i++) {
      RotationOutcome o = attempts.get(i).value();
      if (o instanceof RotationOutcome.Rotated r) {
        assertThat(winner).as("a second caller rotated the same token").isEqualTo(-1);
        winner = i;
        assertThat(r.successor().tokenHash()).isEqualTo(successors.get(i));
      } else {
        assertThat(o).isEqualTo(new RotationOutcome.AlreadySpent(s.id(), u.id(), now));
      }
    }
    assertThat(winner).as("no caller rotated").isNotNegative();
    // Exactly one refresh was recorded, before anything below rotates again.
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 100)))
        .filteredOn(e -> e.type() == AuditEventType.TOKEN_REFRESHED).hasSize(1);
    // Exactly one successor exists: every loser's successor is unknown, the winner's rotates.
    for (int i = 0; i < successors.size(); i++) {
      if (i != winner) {
        assertThat(rotate(successors.get(i))).isEqualTo(new RotationOutcome.Unknown());
      }
    }
    assertThat(rotate(successors.get(winner))).isInstanceOf(RotationOutcome.Rotated.class);
  }

  /** Every caller spends {@code token} at the same moment, half on each store. */
  private List<Race.Attempt<RotationOutcome>> rotateConcurrently(RefreshTokenRecord token,
      List<String> successors) throws InterruptedException {
    List<Callable<RotationOutcome>> calls = new ArrayList<>();
    for (int i = 0; i < ROTATION_RACERS; i++) {
      Store target = alternate(i);
      String successor = tokenHash();
      successors.add(successor);
      calls.add(() -> rotate(target, token.tokenHash(), successor));
    }
    try (Race race = new Race(ROTATION_RACERS)) {
      return race.run(calls);
    }
  }

  @Test
  void rotate_raceWithRevocation_neverLeavesALiveSuccessorOnARevokedSession() throws Exception {
    try (Race race = new Race(2)) {
      for (int round = 0; round < REVOCATION_RACES; round++) {
        StoredUser u = createdUser();
        RefreshTokenRecord[] first = new RefreshTokenRecord[1];
        Session s = createdSession(u, first);
        String successor = tokenHash();
        Store rotator = alternate(round);
        Store revoker = alternate(round + 1);
        List<Callable<Object>> calls = List.of(
            () -> rotate(rotator, first[0].tokenHash(), successor),
            () -> revoker.sessions().revoke(s.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now)));
        List<Race.Attempt<Object>> attempts = race.run(calls);
        assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
        assertThat(attempts.get(1).value()).as("the revocation of a live session").isEqualTo(true);
        Object outcome = attempts.get(0).value();
        assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
        assertThat(store.sessions().live(u.id(), now)).isEmpty();
        if (outcome instanceof RotationOutcome.Rotated) {
          // Rotated first, then revoked: the successor dies with its session.
          assertThat(rotate(successor)).isEqualTo(new RotationOutcome.SessionEnded(s.id()));
        } else {
          // Revoked first: the rotation saw the ended session and wrote nothing.
          assertThat(outcome).isEqualTo(new RotationOutcome.SessionEnded(s.id()));
          assertThat(rotate(successor)).isEqualTo(new RotationOutcome.Unknown());
          assertThat(store.audit().query(AuditQuery.forUser(u.id(), 100)))
              .noneMatch(e -> e.type() == AuditEventType.TOKEN_REFRESHED);
        }
      }
    }
  }

  @Test
  void rotate_spentToken_keepsTheSealedSuccessor_andSaysOnceTheSuccessorIsSpent() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    Instant spentAt = now;
    String next = tokenHash();
    String sealed = "v1:sealed-" + id();
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(),
        next, now.plus(TTL), sealed), now, refreshed())).isInstanceOf(RotationOutcome.Rotated.class);
    assertThat(store.sessions().findRefreshToken(first[0].tokenHash()))
        .contains(first[0].withSealedSuccessor(sealed));
    assertThat(store.sessions().findRefreshToken(next).orElseThrow().sealedSuccessor()).isNull();
    now = now.plusSeconds(2);
    assertThat(rotate(sameDataStore(), first[0].tokenHash(), tokenHash()))
        .isEqualTo(new RotationOutcome.AlreadySpent(s.id(), u.id(), spentAt, sealed, false));
    // Once the successor is spent, a duplicate of the first rotation comes too late: it is told.
    assertThat(rotate(next)).isInstanceOf(RotationOutcome.Rotated.class);
    assertThat(rotate(sameDataStore(), first[0].tokenHash(), tokenHash()))
        .isEqualTo(new RotationOutcome.AlreadySpent(s.id(), u.id(), spentAt, sealed, true));
    assertThat(store.sessions().findRefreshToken(first[0].tokenHash()))
        .contains(first[0].withSealedSuccessor(sealed));
  }

  @Test
  void rotate_twoRacingDuplicates_manyRounds_theLoserGetsTheWinnersSealedSuccessor()
      throws Exception {
    try (Race race = new Race(2)) {
      for (int round = 0; round < DUPLICATE_RACES; round++) {
        StoredUser u = createdUser();
        RefreshTokenRecord[] first = new RefreshTokenRecord[1];
        Session s = createdSession(u, first);
        List<String> successors = List.of(tokenHash(), tokenHash());
        List<String> sealed = List.of("v1:a-" + id(), "v1:b-" + id());
        List<Callable<RotationOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          RefreshTokenRotation rotation = new RefreshTokenRotation(first[0].tokenHash(),
              successors.get(i), now.plus(TTL), sealed.get(i));
          SessionStore target = alternate(round + i).sessions();
          calls.add(() -> target.rotateRefreshToken(rotation, now, refreshed()));
        }
        List<Race.Attempt<RotationOutcome>> attempts = race.run(calls);
        assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
        int w = attempts.get(0).value() instanceof RotationOutcome.Rotated ? 0 : 1;
        assertThat(attempts.get(w).value()).isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(attempts.get(1 - w).value()).isEqualTo(
            new RotationOutcome.AlreadySpent(s.id(), u.id(), now, sealed.get(w), false));
        // The winner's successor is the one both callers hold: it rotates once more.
        assertThat(rotate(alternate(round + 1), successors.get(w), tokenHash()))
            .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(rotate(successors.get(1 - w))).isEqualTo(new RotationOutcome.Unknown());
      }
    }
  }

  @Test
  void refresh_twoRacingDuplicatesOnTwoEngines_bothGetTheSameWorkingSuccessor() throws Exception {
    MutableClock clock = new MutableClock(now);
    try (JanuaTestEngine one = JanuaTestEngine.builder().store(store).clock(clock).build();
        JanuaTestEngine two = JanuaTestEngine.builder().store(sameDataStore()).clock(clock).build();
        Race race = new Race(2)) {
      for (int round = 0; round < DUPLICATE_RACES; round++) {
        AuthResult up = one.signup();
        String spent = up.tokens().refreshToken();
        List<Callable<AuthResult>> calls = List.of(
            () -> one.engine().refresh(spent, JanuaTestEngine.CLIENT),
            () -> two.engine().refresh(spent, JanuaTestEngine.CLIENT));
        List<Race.Attempt<AuthResult>> attempts = race.run(calls);
        assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
        AuthResult a = attempts.get(0).value();
        AuthResult b = attempts.get(1).value();
        assertThat(a.tokens().refreshToken()).isEqualTo(b.tokens().refreshToken())
            .isNotEqualTo(spent);
        assertThat(one.engine().validate(b.tokens().accessToken()).sessionId())
            .isEqualTo(two.engine().validate(a.tokens().accessToken()).sessionId())
            .isEqualTo(up.session().id());
        AuthResult again = two.engine().refresh(a.tokens().refreshToken(), JanuaTestEngine.CLIENT);
        assertThat(one.engine().validate(again.tokens().accessToken()).sessionId())
            .isEqualTo(up.session().id());
      }
    }
  }

  @Test
  void switchOrganization_remembersIt_addsARefreshToken_andClears() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    dev.janua.Organization org = Fixtures.organization(u.id(), now);
    store.organizations().create(org, Fixtures.membership(org.id(), u.id(), "owner", now),
        Fixtures.orgEvent(AuditEventType.ORGANIZATION_CREATED, u.id(), org.id(), now));
    assertThat(store.sessions().activeOrganization(s.id())).isEmpty();
    RefreshTokenRecord t = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), now, now.plus(TTL));
    assertThat(store.sessions().switchOrganization(org.id(), t, now,
        Fixtures.orgEvent(AuditEventType.ORGANIZATION_SWITCHED, u.id(), org.id(), now))).isTrue();
    assertThat(store.sessions().activeOrganization(s.id())).contains(org.id());
    assertThat(store.sessions().findRefreshToken(t.tokenHash())).contains(t);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .contains(AuditEventType.ORGANIZATION_SWITCHED);
    // The new token rotates like any other of the session, and the session keeps the organization.
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(),
        tokenHash(), now.plus(TTL)), now, event(AuditEventType.TOKEN_REFRESHED, null, now)))
        .isInstanceOf(RotationOutcome.Rotated.class);
    assertThat(store.sessions().activeOrganization(s.id())).contains(org.id());
    RefreshTokenRecord t2 = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), now, now.plus(TTL));
    assertThat(store.sessions().switchOrganization(null, t2, now,
        event(AuditEventType.ORGANIZATION_SWITCHED, u.id(), now))).isTrue();
    assertThat(store.sessions().activeOrganization(s.id())).isEmpty();
  }

  @Test
  void switchOrganization_endedSession_writesNothing() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    dev.janua.Organization org = Fixtures.organization(u.id(), now);
    store.organizations().create(org, Fixtures.membership(org.id(), u.id(), "owner", now),
        Fixtures.orgEvent(AuditEventType.ORGANIZATION_CREATED, u.id(), org.id(), now));
    store.sessions().revoke(s.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    RefreshTokenRecord t = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), now, now.plus(TTL));
    assertThat(store.sessions().switchOrganization(org.id(), t, now,
        Fixtures.orgEvent(AuditEventType.ORGANIZATION_SWITCHED, u.id(), org.id(), now))).isFalse();
    assertThat(store.sessions().activeOrganization(s.id())).isEmpty();
    assertThat(store.sessions().findRefreshToken(t.tokenHash())).isEmpty();
    assertThat(store.sessions().activeOrganization(id())).isEmpty();
  }

  @Test
  void switchOrganization_racingRevoke_neverLeavesALiveTokenOfARevokedSession() throws Exception {
    StoredUser u = createdUser();
    dev.janua.Organization org = Fixtures.organization(u.id(), now);
    store.organizations().create(org, Fixtures.membership(org.id(), u.id(), "owner", now),
        Fixtures.orgEvent(AuditEventType.ORGANIZATION_CREATED, u.id(), org.id(), now));
    try (Race race = new Race(2)) {
      for (int round = 0; round < 20; round++) {
        Session s = createdSession(u, null);
        RefreshTokenRecord t = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), now, now.plus(TTL));
        SessionStore one = alternate(round).sessions();
        SessionStore other = alternate(round + 1).sessions();
        List<Callable<Boolean>> calls = List.of(
            () -> one.switchOrganization(org.id(), t, now,
                Fixtures.orgEvent(AuditEventType.ORGANIZATION_SWITCHED, u.id(), org.id(), now)),
            () -> other.revoke(s.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now)));
        List<Race.Attempt<Boolean>> attempts = race.run(calls);
        assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
        assertThat(attempts.get(1).value()).isTrue();
        if (Boolean.TRUE.equals(attempts.get(0).value())) {
          // Switched first: the new token died with the session.
          assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(),
              tokenHash(), now.plus(TTL)), now, event(AuditEventType.TOKEN_REFRESHED, null, now)))
              .isInstanceOf(RotationOutcome.SessionEnded.class);
        } else {
          assertThat(store.sessions().findRefreshToken(t.tokenHash())).isEmpty();
        }
      }
    }
  }

  @Test
  void amrAndAuthTime_roundTrip_andRotationKeepsThem() {
    StoredUser u = createdUser();
    Session plain = Fixtures.session(u.id(), now, CAP);
    Session s = new Session(plain.id(), u.id(), plain.ipAddress(), plain.userAgent(), now, now,
        plain.expiresAt(), null, List.of("pwd", "otp", "mfa"), now.minusSeconds(5));
    RefreshTokenRecord t = token(s, now, TTL);
    assertThat(store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)))
        .isTrue();
    assertThat(store.sessions().find(s.id())).contains(s);
    assertThat(sameDataStore().sessions().find(s.id())).contains(s);
    RotationOutcome out = store.sessions().rotateRefreshToken(new RefreshTokenRotation(
        t.tokenHash(), tokenHash(), now.plus(TTL)), now.plusSeconds(60),
        event(AuditEventType.TOKEN_REFRESHED, null, now));
    assertThat(out).isInstanceOfSatisfying(RotationOutcome.Rotated.class, r -> {
      assertThat(r.session().amr()).containsExactly("pwd", "otp", "mfa");
      assertThat(r.session().authTime()).isEqualTo(now.minusSeconds(5));
    });
    // A session without them reads as no amr, authenticated at its creation.
    Session older = createdSession(u, null);
    assertThat(store.sessions().find(older.id()).orElseThrow().amr()).isEmpty();
    assertThat(store.sessions().find(older.id()).orElseThrow().authTime()).isEqualTo(now);
  }

  @Test
  void reauthenticate_setsAmrAndAuthTime_addsARefreshToken_andRefreshKeepsThem() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    Instant later = now.plusSeconds(120);
    RefreshTokenRecord t = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), later,
        later.plus(TTL));
    assertThat(store.sessions().reauthenticate(List.of("pwd", "otp", "mfa"), later, t, later,
        event(AuditEventType.MFA_STEP_UP, u.id(), later))).isTrue();
    Session found = store.sessions().find(s.id()).orElseThrow();
    assertThat(found.amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(found.authTime()).isEqualTo(later);
    assertThat(sameDataStore().sessions().find(s.id()).orElseThrow().amr())
        .containsExactly("pwd", "otp", "mfa");
    assertThat(store.sessions().findRefreshToken(t.tokenHash())).contains(t);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .contains(AuditEventType.MFA_STEP_UP);
    RotationOutcome out = store.sessions().rotateRefreshToken(new RefreshTokenRotation(
        t.tokenHash(), tokenHash(), later.plus(TTL)), later.plusSeconds(1),
        event(AuditEventType.TOKEN_REFRESHED, null, later));
    assertThat(out).isInstanceOfSatisfying(RotationOutcome.Rotated.class, r -> {
      assertThat(r.session().amr()).containsExactly("pwd", "otp", "mfa");
      assertThat(r.session().authTime()).isEqualTo(later);
    });
  }

  @Test
  void reauthenticate_endedOrForeignSession_writesNothing() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    Session s = createdSession(u, null);
    RefreshTokenRecord foreign = new RefreshTokenRecord(tokenHash(), s.id(), other.id(), now,
        now.plus(TTL));
    assertThat(store.sessions().reauthenticate(List.of("pwd", "mfa"), now, foreign, now,
        event(AuditEventType.MFA_STEP_UP, other.id(), now))).isFalse();
    store.sessions().revoke(s.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    RefreshTokenRecord t = new RefreshTokenRecord(tokenHash(), s.id(), u.id(), now,
        now.plus(TTL));
    assertThat(store.sessions().reauthenticate(List.of("pwd", "mfa"), now, t, now,
        event(AuditEventType.MFA_STEP_UP, u.id(), now))).isFalse();
    assertThat(store.sessions().findRefreshToken(t.tokenHash())).isEmpty();
    assertThat(store.sessions().findRefreshToken(foreign.tokenHash())).isEmpty();
    assertThat(store.sessions().find(s.id()).orElseThrow().amr()).isEmpty();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .doesNotContain(AuditEventType.MFA_STEP_UP);
  }
}
