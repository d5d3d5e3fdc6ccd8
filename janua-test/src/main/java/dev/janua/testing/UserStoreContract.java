package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.tokenHash;
import static dev.janua.testing.Fixtures.uniqueEmail;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Session;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UserStore}: creation (alone and with the first session) writes all or
 * nothing, an email belongs to one user even when signups race, password changes and disabling
 * revoke sessions in the same step, credentials read from the store of record, and no session is
 * ever created for a disabled user, even when signins race the disable.
 */
public abstract class UserStoreContract extends AbstractStoreContract {
  /** How many signups with one email race in the concurrent cases. */
  protected static final int SIGNUP_RACERS = 16;
  /** How many times signins race a disable. */
  protected static final int DISABLE_RACE_ROUNDS = 40;
  /** How many session creations race one disable in each round. */
  protected static final int DISABLE_RACE_SIGNINS = 4;

  /** Lets subclasses exist. */
  protected UserStoreContract() {}

  @Test
  void createUser_thenFindByIdAndEmail_returnsIt() {
    StoredUser u = createdUser();
    assertProfile(store.users().findById(u.id()), u);
    assertProfile(store.users().findByEmail(u.email()), u);
    assertThat(store.users().findCredentialsById(u.id())).contains(u);
    assertThat(store.users().findCredentialsByEmail(u.email())).contains(u);
  }

  @Test
  void findUser_unknown_isEmpty() {
    assertThat(store.users().findById(id())).isEmpty();
    assertThat(store.users().findByEmail("nobody-" + id() + "@example.com")).isEmpty();
    assertThat(store.users().findCredentialsById(id())).isEmpty();
    assertThat(store.users().findCredentialsByEmail("nobody-" + id() + "@example.com")).isEmpty();
  }

  @Test
  void createUser_duplicateEmail_conflictAndNothingWritten() {
    StoredUser u = createdUser();
    StoredUser twin = new StoredUser(id(), u.email(), "Twin", u.passwordHash(), true, now, now);
    AuditEvent twinEvent = event(AuditEventType.SIGNUP, twin.id(), now);
    assertThatThrownBy(() -> store.users().create(twin, twinEvent))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("email"));
    assertThat(store.users().findById(twin.id())).isEmpty();
    assertThat(store.audit().query(AuditQuery.forUser(twin.id(), 10))).isEmpty();
  }

  @Test
  void createUserWithSession_writesAllFive() {
    StoredUser u = user(now);
    Session s = session(u.id(), now, CAP);
    RefreshTokenRecord t = token(s, now, TTL);
    store.users().createWithSession(u, event(AuditEventType.SIGNUP, u.id(), now), s, t,
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    assertProfile(store.users().findByEmail(u.email()), u);
    assertThat(store.sessions().find(s.id())).contains(s);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SIGNIN_SUCCEEDED, AuditEventType.SIGNUP);
    assertThat(rotate(t.tokenHash())).isInstanceOf(RotationOutcome.Rotated.class);
  }

  @Test
  void createUserWithSession_duplicateEmail_conflictAndNoSession() {
    StoredUser existing = createdUser();
    StoredUser twin = new StoredUser(id(), existing.email(), null, existing.passwordHash(), true, now, now);
    Session s = session(twin.id(), now, CAP);
    RefreshTokenRecord t = token(s, now, TTL);
    assertThatThrownBy(() -> store.users().createWithSession(twin, event(AuditEventType.SIGNUP, twin.id(), now),
        s, t, event(AuditEventType.SIGNIN_SUCCEEDED, twin.id(), now)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.sessions().find(s.id())).isEmpty();
    assertThat(store.users().findById(twin.id())).isEmpty();
    assertThat(store.audit().query(AuditQuery.forUser(twin.id(), 10))).isEmpty();
    assertThat(rotate(t.tokenHash())).isEqualTo(new RotationOutcome.Unknown());
  }

  @Test
  void createUser_recordsSignupEvent() {
    StoredUser u = createdUser();
    List<AuditEvent> events = store.audit().query(AuditQuery.forUser(u.id(), 10));
    assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.SIGNUP);
    AuditEvent e = events.get(0);
    assertThat(e.ipAddress()).isEqualTo("203.0.113.7");
    assertThat(e.details()).isEqualTo(Map.of("k", "v"));
    assertThat(e.createdAt()).isEqualTo(now);
  }

  @Test
  void replacePasswordHash_onlyWhenExpectedHashMatches() {
    StoredUser u = createdUser();
    Instant later = now.plusSeconds(5);
    assertThat(store.users().replacePasswordHash(u.id(), new PasswordHashSwap("$2a$04$stale", "$2a$04$new"), later)).isFalse();
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
    assertThat(store.users().replacePasswordHash(u.id(), new PasswordHashSwap(u.passwordHash(), "$2a$04$new"), later)).isTrue();
    StoredUser after = store.users().findCredentialsById(u.id()).orElseThrow();
    assertThat(after.passwordHash()).isEqualTo("$2a$04$new");
    assertThat(after.updatedAt()).isEqualTo(later);
    assertThat(store.users().replacePasswordHash(id(), new PasswordHashSwap("x", "y"), later)).isFalse();
  }

  @Test
  void changePassword_revokesEverySessionAndRecordsEvent() {
    StoredUser u = createdUser();
    Session a = createdSession(u, null);
    Session b = createdSession(u, null);
    Instant later = now.plusSeconds(60);
    int revoked = store.users().changePassword(u.id(), "$2a$04$changed", later,
        event(AuditEventType.PASSWORD_CHANGED, u.id(), later));
    assertThat(revoked).isEqualTo(2);
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash()).isEqualTo("$2a$04$changed");
    assertThat(store.sessions().find(a.id()).orElseThrow().revokedAt()).isEqualTo(later);
    assertThat(store.sessions().find(b.id()).orElseThrow().isLive(later)).isFalse();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 1)))
        .extracting(AuditEvent::type).containsExactly(AuditEventType.PASSWORD_CHANGED);
  }

  @Test
  void changePassword_unknownUser_minusOne() {
    assertThat(store.users().changePassword(id(), "h", now, event(AuditEventType.PASSWORD_CHANGED, null, now)))
        .isEqualTo(-1);
  }

  @Test
  void setUserEnabled_false_disablesAndRevokesSessions() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(store.users().setEnabled(u.id(), false, now, event(AuditEventType.USER_DISABLED, u.id(), now)))
        .isTrue();
    assertThat(store.users().findById(u.id()).orElseThrow().enabled()).isFalse();
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
    assertThat(store.users().setEnabled(u.id(), true, now, event(AuditEventType.USER_ENABLED, u.id(), now)))
        .isTrue();
    assertThat(store.users().findById(u.id()).orElseThrow().enabled()).isTrue();
    assertThat(store.users().setEnabled(id(), true, now, event(AuditEventType.USER_ENABLED, null, now)))
        .isFalse();
  }

  @Test
  void setUserEnabled_false_endsRefreshTokensAndAuditsInTheSameStep() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    Instant later = now.plusSeconds(30);
    AuditEvent disabled = event(AuditEventType.USER_DISABLED, u.id(), later);
    assertThat(store.users().setEnabled(u.id(), false, later, disabled)).isTrue();
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().enabled()).isFalse();
    assertThat(store.sessions().find(s.id()).orElseThrow().revokedAt()).isEqualTo(later);
    assertThat(store.sessions().live(u.id(), later)).isEmpty();
    assertThat(rotate(first[0].tokenHash())).isEqualTo(new RotationOutcome.SessionEnded(s.id()));
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 1))).extracting(AuditEvent::id)
        .containsExactly(disabled.id());
  }

  @Test
  void createSession_disabledOrUnknownUser_falseAndNothingWritten() {
    StoredUser u = createdUser();
    store.users().setEnabled(u.id(), false, now, event(AuditEventType.USER_DISABLED, u.id(), now));
    Session s = session(u.id(), now, CAP);
    RefreshTokenRecord t = token(s, now, TTL);
    assertThat(store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)))
        .isFalse();
    assertThat(store.sessions().find(s.id())).isEmpty();
    assertThat(store.sessions().live(u.id(), now)).isEmpty();
    assertThat(rotate(t.tokenHash())).isEqualTo(new RotationOutcome.Unknown());
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .doesNotContain(AuditEventType.SIGNIN_SUCCEEDED);

    String nobody = id();
    Session orphan = session(nobody, now, CAP);
    assertThat(store.sessions().create(orphan, token(orphan, now, TTL),
        event(AuditEventType.SIGNIN_SUCCEEDED, nobody, now))).isFalse();
    assertThat(store.sessions().find(orphan.id())).isEmpty();

    store.users().setEnabled(u.id(), true, now, event(AuditEventType.USER_ENABLED, u.id(), now));
    assertThat(store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)))
        .isTrue();
    assertThat(store.sessions().live(u.id(), now)).containsExactly(s);
  }

  /**
   * Signins racing a disable, many times over: each session either was created before the disable
   * (and is revoked by it) or was refused; no live session of the disabled user is ever left.
   */
  @Test
  void createSession_racingDisable_noLiveSessionOfTheDisabledUser() throws Exception {
    try (Race race = new Race(DISABLE_RACE_SIGNINS + 1)) {
      for (int round = 0; round < DISABLE_RACE_ROUNDS; round++) {
        StoredUser u = createdUser();
        List<Session> sessions = new ArrayList<>();
        List<RefreshTokenRecord> tokens = new ArrayList<>();
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < DISABLE_RACE_SIGNINS; i++) {
          Session s = session(u.id(), now, CAP);
          RefreshTokenRecord t = token(s, now, TTL);
          sessions.add(s);
          tokens.add(t);
          Store target = alternate(round + i);
          calls.add(() -> target.sessions().create(s, t,
              event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now)));
        }
        Store disabler = alternate(round + 1);
        calls.add(() -> disabler.users().setEnabled(u.id(), false, now,
            event(AuditEventType.USER_DISABLED, u.id(), now)));
        List<Race.Attempt<Boolean>> attempts = race.run(calls);
        for (Race.Attempt<Boolean> a : attempts) {
          assertThat(a.error()).as("round %d", round).isNull();
        }
        assertThat(store.sessions().live(u.id(), now)).as("round %d: live sessions", round)
            .isEmpty();
        assertThat(sameDataStore().sessions().live(u.id(), now)).isEmpty();
        for (int i = 0; i < DISABLE_RACE_SIGNINS; i++) {
          boolean created = Boolean.TRUE.equals(attempts.get(i).value());
          Session s = sessions.get(i);
          if (created) {
            assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now))
                .as("round %d: session %d created before the disable", round, i).isFalse();
            assertThat(rotate(tokens.get(i).tokenHash()))
                .isEqualTo(new RotationOutcome.SessionEnded(s.id()));
          } else {
            assertThat(store.sessions().find(s.id())).isEmpty();
            assertThat(rotate(tokens.get(i).tokenHash())).isEqualTo(new RotationOutcome.Unknown());
          }
        }
      }
    }
  }

  @Test
  void createUser_isUnverified() {
    StoredUser u = createdUser();
    StoredUser found = store.users().findById(u.id()).orElseThrow();
    assertThat(found.emailVerified()).isFalse();
    assertThat(found.emailVerifiedAt()).isNull();
    assertThat(found.toUser().emailVerified()).isFalse();
  }

  @Test
  void createUser_verifiedAlready_keepsTheTime() {
    StoredUser u = new StoredUser(id(), uniqueEmail(), null, Fixtures.HASH, true, now, now, now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    assertThat(store.users().findById(u.id()).orElseThrow().emailVerifiedAt()).isEqualTo(now);
  }

  @Test
  void markEmailVerified_sameEmail_verifiesOnceAndRecordsOneEvent() {
    StoredUser u = createdUser();
    Instant later = now.plusSeconds(30);
    assertThat(store.users().markEmailVerified(u.id(), u.email(), later,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), later))).isTrue();
    StoredUser after = store.users().findById(u.id()).orElseThrow();
    assertThat(after.emailVerified()).isTrue();
    assertThat(after.emailVerifiedAt()).isEqualTo(later);
    assertThat(after.toUser().emailVerifiedAt()).isEqualTo(later);
    assertThat(sameDataStore().users().findByEmail(u.email()).orElseThrow().emailVerifiedAt())
        .isEqualTo(later);
    Instant again = later.plusSeconds(30);
    assertThat(store.users().markEmailVerified(u.id(), u.email(), again,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), again))).isTrue();
    assertThat(store.users().findById(u.id()).orElseThrow().emailVerifiedAt()).isEqualTo(later);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.EMAIL_VERIFIED, AuditEventType.SIGNUP);
  }

  @Test
  void markEmailVerified_otherEmailOrUnknownUser_falseAndNothingWritten() {
    StoredUser u = createdUser();
    assertThat(store.users().markEmailVerified(u.id(), uniqueEmail(), now,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), now))).isFalse();
    assertThat(store.users().markEmailVerified(id(), u.email(), now,
        event(AuditEventType.EMAIL_VERIFIED, null, now))).isFalse();
    assertThat(store.users().findById(u.id()).orElseThrow().emailVerified()).isFalse();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
        .containsExactly(AuditEventType.SIGNUP);
  }

  @Test
  void markEmailVerified_keepsPasswordAndEnabled() {
    StoredUser u = createdUser();
    store.users().markEmailVerified(u.id(), u.email(), now,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), now));
    StoredUser after = store.users().findCredentialsById(u.id()).orElseThrow();
    assertThat(after.passwordHash()).isEqualTo(u.passwordHash());
    assertThat(after.enabled()).isTrue();
    assertThat(after.name()).isEqualTo(u.name());
  }

  @Test
  void createUserWithSession_concurrentSignupsWithOneEmail_exactlyOneWinsAndLosersWriteNothing()
      throws Exception {
    String email = uniqueEmail();
    List<StoredUser> users = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    List<RefreshTokenRecord> tokens = new ArrayList<>();
    List<Callable<Void>> signups = new ArrayList<>();
    for (int i = 0; i < SIGNUP_RACERS; i++) {
      StoredUser u = new StoredUser(id(), email, "Racer " + i, Fixtures.HASH, true, now, now);
      Session s = session(u.id(), now, CAP);
      RefreshTokenRecord t = token(s, now, TTL);
      users.add(u);
      sessions.add(s);
      tokens.add(t);
      UserStore target = alternate(i).users();
      signups.add(() -> {
        target.createWithSession(u, event(AuditEventType.SIGNUP, u.id(), now), s, t,
            event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
        return null;
      });
    }
    int winner = onlyWinner(signups);
    assertProfile(store.users().findByEmail(email), users.get(winner));
    assertProfile(sameDataStore().users().findByEmail(email), users.get(winner));
    assertThat(store.sessions().find(sessions.get(winner).id())).contains(sessions.get(winner));
    for (int i = 0; i < SIGNUP_RACERS; i++) {
      if (i == winner) {
        continue;
      }
      assertThat(store.users().findById(users.get(i).id())).isEmpty();
      assertThat(store.sessions().find(sessions.get(i).id())).isEmpty();
      assertThat(store.audit().query(AuditQuery.forUser(users.get(i).id(), 10))).isEmpty();
      assertThat(rotate(tokens.get(i).tokenHash())).isEqualTo(new RotationOutcome.Unknown());
    }
    assertThat(rotate(tokens.get(winner).tokenHash())).isInstanceOf(RotationOutcome.Rotated.class);
  }

  @Test
  void createUser_concurrentWithOneEmail_exactlyOneWins() throws Exception {
    String email = uniqueEmail();
    List<StoredUser> users = new ArrayList<>();
    List<Callable<Void>> creates = new ArrayList<>();
    for (int i = 0; i < SIGNUP_RACERS; i++) {
      StoredUser u = new StoredUser(id(), email, "Racer " + i, Fixtures.HASH, true, now, now);
      users.add(u);
      UserStore target = alternate(i).users();
      creates.add(() -> {
        target.create(u, event(AuditEventType.SIGNUP, u.id(), now));
        return null;
      });
    }
    int winner = onlyWinner(creates);
    assertProfile(store.users().findByEmail(email), users.get(winner));
    for (int i = 0; i < SIGNUP_RACERS; i++) {
      if (i != winner) {
        assertThat(store.users().findById(users.get(i).id())).isEmpty();
        assertThat(store.audit().query(AuditQuery.forUser(users.get(i).id(), 10))).isEmpty();
      }
    }
  }

  /** Races the signups; exactly one succeeds and every other one is an email conflict. */
  private int onlyWinner(List<Callable<Void>> signups) throws InterruptedException {
    List<Race.Attempt<Void>> attempts;
    try (Race race = new Race(signups.size())) {
      attempts = race.run(signups);
    }
    int winner = -1;
    for (int i = 0; i < attempts.size(); i++) {
      Race.Attempt<Void> a = attempts.get(i);
      if (a.succeeded()) {
        assertThat(winner).as("a second signup with the same email succeeded").isEqualTo(-1);
        winner = i;
      } else {
        assertThat(a.error()).isInstanceOf(ConflictException.class)
            .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("email"));
      }
    }
    assertThat(winner).as("no signup succeeded").isNotNegative();
    return winner;
  }

  private RotationOutcome rotate(String hash) {
    return store.sessions().rotateRefreshToken(new RefreshTokenRotation(hash, tokenHash(), now.plus(TTL)),
        now, event(AuditEventType.TOKEN_REFRESHED, null, now));
  }
}
