package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.spi.FactorRecord;
import dev.janua.spi.MfaChallengeRecord;
import dev.janua.spi.StoredUser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.janua.spi.FactorStore}: one TOTP factor per user, pending until
 * confirmed; the last accepted step is a compare-and-set (of 16 racers with one step exactly one
 * wins, also across two stores over one data set); recovery codes are single-use the same way,
 * and replacing them invalidates the old set; deleting a factor deletes its codes. Sign-in
 * challenges: attempts reserved atomically (of 16 racers with 5 attempts exactly 5 get one), bound
 * to their client, completed exactly once, gone when expired.
 */
public abstract class FactorStoreContract extends AbstractStoreContract {
  private static final int RACERS = 16;

  /** Lets subclasses exist. */
  protected FactorStoreContract() {}

  private FactorRecord pending(StoredUser u) {
    return new FactorRecord(UUID.randomUUID().toString(), u.id(), FactorRecord.TOTP,
        "v1:sealed-" + Fixtures.id(), now, null, 0);
  }

  private FactorRecord active(StoredUser u, List<String> codes) {
    FactorRecord f = pending(u);
    assertThat(store.factors().savePending(f, event(AuditEventType.TOTP_ENROLLMENT_STARTED,
        u.id(), now))).isTrue();
    assertThat(store.factors().confirm(f.id(), 100, now, codes,
        event(AuditEventType.TOTP_ENABLED, u.id(), now))).isTrue();
    return store.factors().find(u.id(), FactorRecord.TOTP).orElseThrow();
  }

  private static List<String> codes(String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  @Test
  void savePending_thenFind_roundTrips_andReplacesAnEarlierPendingOne() {
    StoredUser u = createdUser();
    FactorRecord first = pending(u);
    assertThat(store.factors().savePending(first, event(AuditEventType.TOTP_ENROLLMENT_STARTED,
        u.id(), now))).isTrue();
    assertThat(store.factors().find(u.id(), FactorRecord.TOTP)).contains(first);
    assertThat(sameDataStore().factors().find(u.id(), FactorRecord.TOTP)).contains(first);
    FactorRecord second = pending(u);
    assertThat(store.factors().savePending(second, event(AuditEventType.TOTP_ENROLLMENT_STARTED,
        u.id(), now))).isTrue();
    assertThat(store.factors().find(u.id(), FactorRecord.TOTP)).contains(second);
    assertThat(store.factors().find(createdUser().id(), FactorRecord.TOTP)).isEmpty();
  }

  @Test
  void confirm_activatesOnce_andStoresTheCodes_andAudits() {
    StoredUser u = createdUser();
    FactorRecord f = active(u, codes("a"));
    assertThat(f.active()).isTrue();
    assertThat(f.confirmedAt()).isEqualTo(now);
    assertThat(f.lastStep()).isEqualTo(100);
    assertThat(store.factors().remainingRecoveryCodes(u.id())).isEqualTo(10);
    assertThat(store.factors().confirm(f.id(), 200, now, codes("b"),
        event(AuditEventType.TOTP_ENABLED, u.id(), now))).isFalse();
    assertThat(store.factors().useRecoveryCode(u.id(), "b-0", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now))).isFalse();
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
        .extracting(e -> e.type())
        .contains(AuditEventType.TOTP_ENROLLMENT_STARTED, AuditEventType.TOTP_ENABLED);
  }

  @Test
  void savePending_whenActive_refused_nothingWritten() {
    StoredUser u = createdUser();
    FactorRecord f = active(u, codes("a"));
    assertThat(store.factors().savePending(pending(u), event(
        AuditEventType.TOTP_ENROLLMENT_STARTED, u.id(), now))).isFalse();
    assertThat(store.factors().find(u.id(), FactorRecord.TOTP)).contains(f);
  }

  @Test
  void acceptStep_onlyForward_onlyWhenActive() {
    StoredUser u = createdUser();
    FactorRecord p = pending(u);
    store.factors().savePending(p, event(AuditEventType.TOTP_ENROLLMENT_STARTED, u.id(), now));
    assertThat(store.factors().acceptStep(p.id(), 5)).isFalse();
    assertThat(store.factors().confirm(p.id(), 100, now, codes("a"),
        event(AuditEventType.TOTP_ENABLED, u.id(), now))).isTrue();
    assertThat(store.factors().acceptStep(p.id(), 100)).isFalse();
    assertThat(store.factors().acceptStep(p.id(), 99)).isFalse();
    assertThat(store.factors().acceptStep(p.id(), 101)).isTrue();
    assertThat(store.factors().acceptStep(p.id(), 101)).isFalse();
    assertThat(store.factors().find(u.id(), FactorRecord.TOTP).orElseThrow().lastStep())
        .isEqualTo(101);
  }

  @Test
  void acceptStep_concurrentWithOneStep_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    FactorRecord f = active(u, codes("a"));
    List<Callable<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      var target = alternate(i).factors();
      tries.add(() -> target.acceptStep(f.id(), 101));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
  }

  @Test
  void useRecoveryCode_singleUse_andOnlyTheOwners() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    active(u, codes("a"));
    assertThat(store.factors().useRecoveryCode(other.id(), "a-1", now,
        event(AuditEventType.RECOVERY_CODE_USED, other.id(), now))).isFalse();
    assertThat(store.factors().useRecoveryCode(u.id(), "a-1", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now))).isTrue();
    assertThat(sameDataStore().factors().useRecoveryCode(u.id(), "a-1", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now))).isFalse();
    assertThat(store.factors().remainingRecoveryCodes(u.id())).isEqualTo(9);
  }

  @Test
  void useRecoveryCode_concurrentWithOneCode_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    active(u, codes("a"));
    List<Callable<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      var target = alternate(i).factors();
      tries.add(() -> target.useRecoveryCode(u.id(), "a-3", now,
          event(AuditEventType.RECOVERY_CODE_USED, u.id(), now)));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
    assertThat(store.factors().remainingRecoveryCodes(u.id())).isEqualTo(9);
  }

  @Test
  void replaceRecoveryCodes_invalidatesTheOldSet_andNeedsAnActiveFactor() {
    StoredUser u = createdUser();
    assertThat(store.factors().replaceRecoveryCodes(u.id(), codes("x"), now,
        event(AuditEventType.RECOVERY_CODES_REGENERATED, u.id(), now))).isFalse();
    active(u, codes("a"));
    store.factors().useRecoveryCode(u.id(), "a-0", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now));
    assertThat(store.factors().replaceRecoveryCodes(u.id(), codes("b"), now,
        event(AuditEventType.RECOVERY_CODES_REGENERATED, u.id(), now))).isTrue();
    assertThat(store.factors().remainingRecoveryCodes(u.id())).isEqualTo(10);
    assertThat(store.factors().useRecoveryCode(u.id(), "a-1", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now))).isFalse();
    assertThat(store.factors().useRecoveryCode(u.id(), "b-1", now,
        event(AuditEventType.RECOVERY_CODE_USED, u.id(), now))).isTrue();
  }

  @Test
  void delete_removesTheFactorAndItsCodes_once() {
    StoredUser u = createdUser();
    FactorRecord f = active(u, codes("a"));
    assertThat(store.factors().delete(f.id(), event(AuditEventType.TOTP_DISABLED, u.id(), now)))
        .isTrue();
    assertThat(store.factors().find(u.id(), FactorRecord.TOTP)).isEmpty();
    assertThat(store.factors().remainingRecoveryCodes(u.id())).isZero();
    assertThat(store.factors().delete(f.id(), event(AuditEventType.TOTP_DISABLED, u.id(), now)))
        .isFalse();
    assertThat(store.factors().savePending(pending(u), event(
        AuditEventType.TOTP_ENROLLMENT_STARTED, u.id(), now))).isTrue();
  }

  private MfaChallengeRecord challenge(StoredUser u, String client) {
    return new MfaChallengeRecord("hash-" + Fixtures.id(), u.id(), client, null, now,
        now.plusSeconds(300), 0);
  }

  @Test
  void challenge_savedThenAttempted_countsAttempts_boundToItsClient() {
    StoredUser u = createdUser();
    MfaChallengeRecord c = new MfaChallengeRecord("hash-" + Fixtures.id(), u.id(), "client-a",
        "sealed-device", now, now.plusSeconds(300), 0);
    store.factors().saveChallenge(c, now);
    assertThat(store.factors().takeChallengeAttempt(c.challengeHash(), "client-b", now, 5))
        .isEmpty();
    MfaChallengeRecord first = store.factors().takeChallengeAttempt(c.challengeHash(),
        "client-a", now, 5).orElseThrow();
    assertThat(first).isEqualTo(new MfaChallengeRecord(c.challengeHash(), u.id(), "client-a",
        "sealed-device", now, now.plusSeconds(300), 1));
    assertThat(sameDataStore().factors().takeChallengeAttempt(c.challengeHash(), "client-a", now,
        5).orElseThrow().attempts()).isEqualTo(2);
    assertThat(store.factors().takeChallengeAttempt(c.challengeHash(), "client-a", now, 2))
        .isEmpty();
    assertThat(store.factors().takeChallengeAttempt("hash-unknown", "client-a", now, 5)).isEmpty();
    // Expired: no attempt, no completion.
    assertThat(store.factors().takeChallengeAttempt(c.challengeHash(), "client-a",
        now.plusSeconds(300), 5)).isEmpty();
    assertThat(store.factors().completeChallenge(c.challengeHash(), now.plusSeconds(300)))
        .isFalse();
    assertThat(store.factors().completeChallenge(c.challengeHash(), now)).isTrue();
    assertThat(store.factors().completeChallenge(c.challengeHash(), now)).isFalse();
    assertThat(store.factors().takeChallengeAttempt(c.challengeHash(), "client-a", now, 5))
        .isEmpty();
  }

  @Test
  void challenge_deleted_isGone() {
    StoredUser u = createdUser();
    MfaChallengeRecord c = challenge(u, "client");
    store.factors().saveChallenge(c, now);
    assertThat(store.factors().deleteChallenge(c.challengeHash())).isTrue();
    assertThat(store.factors().deleteChallenge(c.challengeHash())).isFalse();
    assertThat(store.factors().completeChallenge(c.challengeHash(), now)).isFalse();
  }

  @Test
  void saveChallenge_deletesTheUsersExpiredOnes_andKeepsAtMostTheNewest() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    MfaChallengeRecord old = challenge(u, "client");
    MfaChallengeRecord others = new MfaChallengeRecord("hash-" + Fixtures.id(), other.id(),
        "client", null, now, now.plusSeconds(60), 0);
    store.factors().saveChallenge(old, now);
    store.factors().saveChallenge(others, now);
    java.time.Instant later = now.plusSeconds(400);
    List<MfaChallengeRecord> fresh = new ArrayList<>();
    for (int i = 0; i < dev.janua.spi.FactorStore.MAX_CHALLENGES_PER_USER + 2; i++) {
      MfaChallengeRecord c = new MfaChallengeRecord("hash-" + Fixtures.id(), u.id(), "client",
          null, later.plusSeconds(i), later.plusSeconds(300 + i), 0);
      store.factors().saveChallenge(c, later.plusSeconds(i));
      fresh.add(c);
    }
    // The expired one is gone (the other user's, not: it is not that user's save).
    assertThat(store.factors().deleteChallenge(old.challengeHash())).isFalse();
    assertThat(store.factors().deleteChallenge(others.challengeHash())).isTrue();
    java.time.Instant at = later.plusSeconds(20);
    assertThat(store.factors().completeChallenge(fresh.get(0).challengeHash(), at)).isFalse();
    assertThat(store.factors().completeChallenge(fresh.get(1).challengeHash(), at)).isFalse();
    for (int i = 2; i < fresh.size(); i++) {
      assertThat(store.factors().completeChallenge(fresh.get(i).challengeHash(), at)).isTrue();
    }
  }

  @Test
  void saveChallenge_sameInstantAsOlderOnes_theNewOneAlwaysStays() {
    StoredUser u = createdUser();
    for (int i = 0; i < dev.janua.spi.FactorStore.MAX_CHALLENGES_PER_USER + 5; i++) {
      MfaChallengeRecord c = new MfaChallengeRecord("hash-" + Fixtures.id(), u.id(), "client",
          null, now, now.plusSeconds(300), 0);
      store.factors().saveChallenge(c, now);
      assertThat(store.factors().takeChallengeAttempt(c.challengeHash(), "client", now, 5))
          .as("challenge saved %d", i).isPresent();
    }
  }

  @Test
  void takeChallengeAttempt_concurrent_atMostTheLimitGetOne() throws Exception {
    StoredUser u = createdUser();
    MfaChallengeRecord c = challenge(u, "client");
    store.factors().saveChallenge(c, now);
    List<Callable<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      var target = alternate(i).factors();
      tries.add(() -> target.takeChallengeAttempt(c.challengeHash(), "client", now, 5)
          .isPresent());
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(5);
  }

  @Test
  void completeChallenge_concurrent_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    MfaChallengeRecord c = challenge(u, "client");
    store.factors().saveChallenge(c, now);
    List<Callable<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      var target = alternate(i).factors();
      tries.add(() -> target.completeChallenge(c.challengeHash(), now));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
  }
}
