package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.tokenHash;
import static dev.janua.testing.Fixtures.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenPurpose;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AccountTokenStore} (password reset, email verification and email change
 * links) and of the account changes that go with it in {@code UserStore}: profile update and
 * deletion. A token is spent at most once, also when requests race; a newer token supersedes older
 * unused ones; an email change keeps the unique-email rule when switches race; deletion erases the
 * personal data, keeps the audit trail pseudonymous and refuses to leave an organization without
 * an owner.
 */
public abstract class AccountTokenStoreContract extends AbstractStoreContract {
  /** How many requests race with one token or for one address. */
  protected static final int RACERS = 8;
  private static final Duration LIFETIME = Duration.ofMinutes(30);

  /** Lets subclasses exist. */
  protected AccountTokenStoreContract() {}

  private AccountToken issued(StoredUser u, AccountTokenPurpose purpose, String email) {
    AccountToken t = new AccountToken(tokenHash(), purpose, u.id(), email, now,
        now.plus(LIFETIME), null);
    store.accountTokens().issue(t, event(AuditEventType.PASSWORD_RESET_REQUESTED, u.id(), now));
    return t;
  }

  private AccountToken issued(StoredUser u, AccountTokenPurpose purpose) {
    return issued(u, purpose, u.email());
  }

  private AccountTokenOutcome reset(String hash, Instant at) {
    return store.accountTokens().resetPassword(hash, "$2a$04$reset", at,
        event(AuditEventType.PASSWORD_RESET, null, at));
  }

  private List<AuditEventType> events(StoredUser u) {
    return store.audit().query(AuditQuery.forUser(u.id(), 20)).stream().map(AuditEvent::type)
        .toList();
  }

  @Test
  void issue_thenFind_returnsItUnused() {
    StoredUser u = createdUser();
    AccountToken t = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    assertThat(store.accountTokens().find(t.tokenHash())).contains(t);
    assertThat(store.accountTokens().find(tokenHash())).isEmpty();
    assertThat(events(u)).containsExactly(AuditEventType.PASSWORD_RESET_REQUESTED,
        AuditEventType.SIGNUP);
  }

  @Test
  void issue_supersedesUnusedTokensOfTheSamePurposeOnly() {
    StoredUser u = createdUser();
    AccountToken first = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    AccountToken verification = issued(u, AccountTokenPurpose.EMAIL_VERIFICATION);
    AccountToken second = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    assertThat(store.accountTokens().find(first.tokenHash())).isEmpty();
    assertThat(store.accountTokens().find(second.tokenHash())).contains(second);
    assertThat(store.accountTokens().find(verification.tokenHash())).contains(verification);
    assertThat(reset(first.tokenHash(), now)).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(reset(second.tokenHash(), now)).isEqualTo(AccountTokenOutcome.DONE);
  }

  @Test
  void resetPassword_setsHashRevokesSessionsSpendsTokenAndRecordsEvent() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    AccountToken t = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    Instant later = now.plusSeconds(60);
    assertThat(store.accountTokens().resetPassword(t.tokenHash(), "$2a$04$reset", later,
        event(AuditEventType.PASSWORD_RESET, u.id(), later))).isEqualTo(AccountTokenOutcome.DONE);
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash())
        .isEqualTo("$2a$04$reset");
    assertThat(store.sessions().find(s.id()).orElseThrow().revokedAt()).isEqualTo(later);
    assertThat(store.accountTokens().find(t.tokenHash()).orElseThrow().usedAt()).isEqualTo(later);
    assertThat(events(u).get(0)).isEqualTo(AuditEventType.PASSWORD_RESET);
    assertThat(reset(t.tokenHash(), later)).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
  }

  @Test
  void resetPassword_expiredUnknownOrOtherPurpose_invalidAndNothingWritten() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    AccountToken t = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    AccountToken verification = issued(u, AccountTokenPurpose.EMAIL_VERIFICATION);
    assertThat(reset(t.tokenHash(), now.plus(LIFETIME))).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(reset(tokenHash(), now)).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(reset(verification.tokenHash(), now)).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash())
        .isEqualTo(u.passwordHash());
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    assertThat(store.accountTokens().find(t.tokenHash()).orElseThrow().usedAt()).isNull();
    assertThat(events(u)).doesNotContain(AuditEventType.PASSWORD_RESET);
  }

  @Test
  void resetPassword_concurrentWithOneToken_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    AccountToken t = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    List<Callable<AccountTokenOutcome>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      AccountTokenStore target = alternate(i).accountTokens();
      String hash = "$2a$04$racer" + i;
      tries.add(() -> target.resetPassword(t.tokenHash(), hash, now,
          event(AuditEventType.PASSWORD_RESET, u.id(), now)));
    }
    List<Race.Attempt<AccountTokenOutcome>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    int winner = -1;
    for (int i = 0; i < attempts.size(); i++) {
      Race.Attempt<AccountTokenOutcome> a = attempts.get(i);
      assertThat(a.error()).as("attempt %d", i).isNull();
      if (a.value() == AccountTokenOutcome.DONE) {
        assertThat(winner).as("a second reset with one token succeeded").isEqualTo(-1);
        winner = i;
      } else {
        assertThat(a.value()).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
      }
    }
    assertThat(winner).as("no reset succeeded").isNotEqualTo(-1);
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash())
        .isEqualTo("$2a$04$racer" + winner);
    assertThat(events(u).stream().filter(e -> e == AuditEventType.PASSWORD_RESET)).hasSize(1);
  }

  @Test
  void verifyEmail_marksVerifiedOnceAndSpendsTheToken() {
    StoredUser u = createdUser();
    AccountToken t = issued(u, AccountTokenPurpose.EMAIL_VERIFICATION);
    Instant later = now.plusSeconds(5);
    assertThat(store.accountTokens().verifyEmail(t.tokenHash(), later,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), later))).isEqualTo(AccountTokenOutcome.DONE);
    assertThat(store.users().findById(u.id()).orElseThrow().emailVerifiedAt()).isEqualTo(later);
    assertThat(sameDataStore().users().findByEmail(u.email()).orElseThrow().emailVerified())
        .isTrue();
    assertThat(store.accountTokens().verifyEmail(t.tokenHash(), later,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), later)))
        .isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(events(u).get(0)).isEqualTo(AuditEventType.EMAIL_VERIFIED);
  }

  @Test
  void verifyEmail_tokenOfAnAddressTheAccountNoLongerHas_emailChangedAndNotVerified() {
    StoredUser u = createdUser();
    AccountToken stale = issued(u, AccountTokenPurpose.EMAIL_VERIFICATION, uniqueEmail());
    assertThat(store.accountTokens().verifyEmail(stale.tokenHash(), now,
        event(AuditEventType.EMAIL_VERIFIED, u.id(), now)))
        .isEqualTo(AccountTokenOutcome.EMAIL_CHANGED);
    assertThat(store.users().findById(u.id()).orElseThrow().emailVerified()).isFalse();
    assertThat(events(u)).doesNotContain(AuditEventType.EMAIL_VERIFIED);
  }

  @Test
  void changeEmail_switchesVerifiedAndDropsLinksOfTheOldAddress() {
    StoredUser u = createdUser();
    AccountToken reset = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    String target = uniqueEmail();
    AccountToken change = issued(u, AccountTokenPurpose.EMAIL_CHANGE, target);
    Instant later = now.plusSeconds(5);
    assertThat(store.accountTokens().changeEmail(change.tokenHash(), later,
        event(AuditEventType.EMAIL_CHANGED, u.id(), later))).isEqualTo(AccountTokenOutcome.DONE);
    StoredUser after = store.users().findById(u.id()).orElseThrow();
    assertThat(after.email()).isEqualTo(target);
    assertThat(after.emailVerifiedAt()).isEqualTo(later);
    assertThat(store.users().findByEmail(target)).contains(after);
    assertThat(sameDataStore().users().findByEmail(target).map(StoredUser::id)).contains(u.id());
    assertThat(store.users().findByEmail(u.email())).isEmpty();
    assertThat(reset(reset.tokenHash(), later)).isEqualTo(AccountTokenOutcome.INVALID_TOKEN);
    assertThat(events(u).get(0)).isEqualTo(AuditEventType.EMAIL_CHANGED);
  }

  @Test
  void changeEmail_addressTakenMeanwhile_emailTakenAndNothingWritten() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    AccountToken change = issued(u, AccountTokenPurpose.EMAIL_CHANGE, other.email());
    assertThat(store.accountTokens().changeEmail(change.tokenHash(), now,
        event(AuditEventType.EMAIL_CHANGED, u.id(), now)))
        .isEqualTo(AccountTokenOutcome.EMAIL_TAKEN);
    assertThat(store.users().findById(u.id()).orElseThrow().email()).isEqualTo(u.email());
    assertThat(store.accountTokens().find(change.tokenHash()).orElseThrow().usedAt()).isNull();
    assertThat(events(u)).doesNotContain(AuditEventType.EMAIL_CHANGED);
  }

  @Test
  void changeEmail_concurrentSwitchesToOneAddress_exactlyOneGetsIt() throws Exception {
    String target = uniqueEmail();
    List<StoredUser> users = new ArrayList<>();
    List<Callable<AccountTokenOutcome>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      StoredUser u = createdUser();
      users.add(u);
      AccountToken t = issued(u, AccountTokenPurpose.EMAIL_CHANGE, target);
      AccountTokenStore s = alternate(i).accountTokens();
      tries.add(() -> s.changeEmail(t.tokenHash(), now,
          event(AuditEventType.EMAIL_CHANGED, u.id(), now)));
    }
    List<Race.Attempt<AccountTokenOutcome>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    int winner = -1;
    for (int i = 0; i < attempts.size(); i++) {
      Race.Attempt<AccountTokenOutcome> a = attempts.get(i);
      assertThat(a.error()).as("attempt %d", i).isNull();
      if (a.value() == AccountTokenOutcome.DONE) {
        assertThat(winner).as("a second account got the address").isEqualTo(-1);
        winner = i;
      } else {
        assertThat(a.value()).isEqualTo(AccountTokenOutcome.EMAIL_TAKEN);
        assertThat(store.users().findById(users.get(i).id()).orElseThrow().email())
            .isEqualTo(users.get(i).email());
      }
    }
    assertThat(winner).as("no switch succeeded").isNotEqualTo(-1);
    assertThat(store.users().findByEmail(target).map(StoredUser::id))
        .contains(users.get(winner).id());
  }

  // ------------------------------------------------------------------ profile and deletion

  @Test
  void updateName_setsAndClearsAndRecordsEvent() {
    StoredUser u = createdUser();
    assertThat(store.users().updateName(u.id(), "New Name", now,
        event(AuditEventType.USER_UPDATED, u.id(), now))).isTrue();
    assertThat(store.users().findById(u.id()).orElseThrow().name()).isEqualTo("New Name");
    assertThat(store.users().updateName(u.id(), null, now,
        event(AuditEventType.USER_UPDATED, u.id(), now))).isTrue();
    assertThat(store.users().findByEmail(u.email()).orElseThrow().name()).isNull();
    assertThat(store.users().updateName(id(), "x", now,
        event(AuditEventType.USER_UPDATED, null, now))).isFalse();
    assertThat(events(u)).startsWith(AuditEventType.USER_UPDATED, AuditEventType.USER_UPDATED);
  }

  private static StoredUser tombstone(StoredUser u, Instant at) {
    return new StoredUser(u.id(), "deleted-" + u.id() + "@deleted.invalid", null,
        "$2a$04$tombstone", false, u.createdAt(), at, null);
  }

  @Test
  void delete_erasesPersonalDataRevokesSessionsRemovesMembershipsAndTokens() {
    StoredUser owner = createdUser();
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    AccountToken t = issued(u, AccountTokenPurpose.PASSWORD_RESET);
    Organization org = organization(owner.id(), now);
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    store.organizations().addMember(membership(org.id(), u.id(), "member", now),
        orgEvent(AuditEventType.MEMBER_ADDED, owner.id(), org.id(), now));
    Instant later = now.plusSeconds(60);
    StoredUser tomb = tombstone(u, later);
    assertThat(store.users().delete(tomb, later, event(AuditEventType.USER_DELETED, u.id(), later)))
        .isEqualTo(UserDeletion.deleted());
    StoredUser after = store.users().findById(u.id()).orElseThrow();
    assertThat(after.email()).isEqualTo(tomb.email());
    assertThat(after.name()).isNull();
    assertThat(after.enabled()).isFalse();
    assertThat(store.users().findCredentialsById(u.id()).orElseThrow().passwordHash())
        .isEqualTo("$2a$04$tombstone");
    assertThat(store.users().findByEmail(u.email())).isEmpty();
    assertThat(sameDataStore().users().findByEmail(u.email())).isEmpty();
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(later)).isFalse();
    assertThat(store.organizations().findMembership(org.id(), u.id())).isEmpty();
    assertThat(store.organizations().membershipsOf(u.id())).isEmpty();
    assertThat(store.accountTokens().find(t.tokenHash())).isEmpty();
    // The audit trail stays, with the id only: no address, no user agent.
    List<AuditEvent> trail = store.audit().query(AuditQuery.forUser(u.id(), 20));
    assertThat(trail).extracting(AuditEvent::type).startsWith(AuditEventType.USER_DELETED)
        .contains(AuditEventType.SIGNUP, AuditEventType.SIGNIN_SUCCEEDED);
    assertThat(trail).allSatisfy(e -> {
      assertThat(e.ipAddress()).isNull();
      assertThat(e.userAgent()).isNull();
    });
    // The address is free again.
    StoredUser again = new StoredUser(id(), u.email(), null, Fixtures.HASH, true, later, later);
    store.users().create(again, event(AuditEventType.SIGNUP, again.id(), later));
    assertThat(store.users().findByEmail(u.email()).map(StoredUser::id)).contains(again.id());
  }

  @Test
  void delete_lastOwner_refusedAndNothingWritten() {
    StoredUser owner = createdUser();
    Session s = createdSession(owner, null);
    Organization org = organization(owner.id(), now);
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    assertThat(store.users().delete(tombstone(owner, now), now,
        event(AuditEventType.USER_DELETED, owner.id(), now)))
        .isEqualTo(UserDeletion.lastOwner(org.id()));
    assertThat(store.users().findById(owner.id()).orElseThrow().email()).isEqualTo(owner.email());
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    assertThat(store.organizations().findMembership(org.id(), owner.id())).isPresent();
    assertThat(events(owner)).doesNotContain(AuditEventType.USER_DELETED);
    // With a second owner the first may go.
    StoredUser second = createdUser();
    store.organizations().addMember(membership(org.id(), second.id(), "owner", now),
        orgEvent(AuditEventType.MEMBER_ADDED, owner.id(), org.id(), now));
    assertThat(store.users().delete(tombstone(owner, now), now,
        event(AuditEventType.USER_DELETED, owner.id(), now))).isEqualTo(UserDeletion.deleted());
  }

  @Test
  void delete_unknownUser_notFound() {
    StoredUser ghost = Fixtures.user(now);
    assertThat(store.users().delete(tombstone(ghost, now), now,
        event(AuditEventType.USER_DELETED, ghost.id(), now))).isEqualTo(UserDeletion.notFound());
  }
}
