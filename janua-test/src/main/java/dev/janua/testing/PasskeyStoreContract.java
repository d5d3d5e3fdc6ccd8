package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.spi.PasskeyChallenge;
import dev.janua.spi.PasskeyRecord;
import dev.janua.spi.PasskeyStore;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PasskeyStore}: passkeys round-trip with every field, credential ids are
 * unique across users, rename and delete act on the owner's passkeys only, the last passkey can be
 * kept atomically; the signature counter is a compare-and-set (forward only, or 0 to 0; of 16
 * racers with one counter exactly one wins, also across two stores over one data set);
 * challenges are single use (of 16 racers exactly one gets it) and expire; deleting the user
 * deletes the passkeys.
 */
public abstract class PasskeyStoreContract extends AbstractStoreContract {
  private static final int RACERS = 16;

  /** Lets subclasses exist. */
  protected PasskeyStoreContract() {}

  private PasskeyRecord passkey(StoredUser u, long signCount) {
    return new PasskeyRecord(UUID.randomUUID().toString(), u.id(), "cred-" + Fixtures.id(),
        new byte[] {1, 2, 3, (byte) 0xff, 0}, signCount, true, false,
        "adce0002-35bc-c60a-648b-0b25f1f05503", List.of("hybrid", "internal"), "My phone", now,
        null);
  }

  private PasskeyRecord saved(StoredUser u, long signCount) {
    PasskeyRecord p = passkey(u, signCount);
    assertThat(store.passkeys().save(p, event(AuditEventType.PASSKEY_REGISTERED, u.id(), now)))
        .isTrue();
    return p;
  }

  private PasskeyChallenge challenge(String purpose, String userId) {
    return new PasskeyChallenge(Fixtures.tokenHash(), purpose, userId, now,
        now.plus(Duration.ofMinutes(5)));
  }

  @Test
  void save_thenFind_roundTripsEveryField_andAudits() {
    StoredUser u = createdUser();
    PasskeyRecord p = saved(u, 7);
    assertThat(store.passkeys().findByCredentialId(p.credentialId())).contains(p);
    assertThat(sameDataStore().passkeys().findByCredentialId(p.credentialId())).contains(p);
    assertThat(store.passkeys().findByCredentialId(p.credentialId()).orElseThrow()
        .attestedCredentialData()).containsExactly(1, 2, 3, 0xff, 0);
    assertThat(store.passkeys().listByUser(u.id())).containsExactly(p);
    assertThat(store.passkeys().findByCredentialId("cred-unknown-" + Fixtures.id())).isEmpty();
    PasskeyRecord bare = new PasskeyRecord(UUID.randomUUID().toString(), u.id(),
        "cred-" + Fixtures.id(), new byte[] {9}, 0, false, false, null, List.of(), "Key",
        now.plusSeconds(1), null);
    assertThat(store.passkeys().save(bare, event(AuditEventType.PASSKEY_REGISTERED, u.id(),
        now))).isTrue();
    assertThat(store.passkeys().listByUser(u.id())).containsExactly(p, bare);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(e -> e.type())
        .contains(AuditEventType.PASSKEY_REGISTERED);
  }

  @Test
  void save_sameCredentialIdTwice_refused_evenForAnotherUser_nothingWritten() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    PasskeyRecord p = saved(u, 0);
    PasskeyRecord copy = new PasskeyRecord(UUID.randomUUID().toString(), other.id(),
        p.credentialId(), new byte[] {4}, 0, false, false, null, List.of(), "Stolen", now, null);
    assertThat(store.passkeys().save(copy, event(AuditEventType.PASSKEY_REGISTERED, other.id(),
        now))).isFalse();
    assertThat(store.passkeys().listByUser(other.id())).isEmpty();
    assertThat(store.audit().query(AuditQuery.forUser(other.id(), 10))).extracting(e -> e.type())
        .doesNotContain(AuditEventType.PASSKEY_REGISTERED);
  }

  @Test
  void rename_onlyTheOwners() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    PasskeyRecord p = saved(u, 0);
    assertThat(store.passkeys().rename(other.id(), p.id(), "Mine now",
        event(AuditEventType.PASSKEY_RENAMED, other.id(), now))).isFalse();
    assertThat(store.passkeys().rename(u.id(), p.id(), "Laptop",
        event(AuditEventType.PASSKEY_RENAMED, u.id(), now))).isTrue();
    assertThat(store.passkeys().listByUser(u.id())).containsExactly(p.named("Laptop"));
    assertThat(store.passkeys().rename(u.id(), "no-such-id", "x",
        event(AuditEventType.PASSKEY_RENAMED, u.id(), now))).isFalse();
  }

  @Test
  void delete_onlyTheOwners_andKeepLastRefusesTheOnlyOne() {
    StoredUser u = createdUser();
    StoredUser other = createdUser();
    PasskeyRecord a = saved(u, 0);
    PasskeyRecord b = saved(u, 0);
    assertThat(store.passkeys().delete(other.id(), a.id(), false,
        event(AuditEventType.PASSKEY_DELETED, other.id(), now)))
        .isEqualTo(PasskeyStore.Deletion.NOT_FOUND);
    assertThat(store.passkeys().delete(u.id(), a.id(), true,
        event(AuditEventType.PASSKEY_DELETED, u.id(), now)))
        .isEqualTo(PasskeyStore.Deletion.DELETED);
    assertThat(store.passkeys().delete(u.id(), b.id(), true,
        event(AuditEventType.PASSKEY_DELETED, u.id(), now)))
        .isEqualTo(PasskeyStore.Deletion.LAST_PASSKEY);
    assertThat(store.passkeys().listByUser(u.id())).containsExactly(b);
    assertThat(store.passkeys().delete(u.id(), b.id(), false,
        event(AuditEventType.PASSKEY_DELETED, u.id(), now)))
        .isEqualTo(PasskeyStore.Deletion.DELETED);
    assertThat(store.passkeys().listByUser(u.id())).isEmpty();
    assertThat(store.passkeys().delete(u.id(), b.id(), false,
        event(AuditEventType.PASSKEY_DELETED, u.id(), now)))
        .isEqualTo(PasskeyStore.Deletion.NOT_FOUND);
  }

  @Test
  void delete_keepLast_concurrentDeletesOfTheLastTwo_leaveOne() throws Exception {
    for (int round = 0; round < 10; round++) {
      StoredUser u = createdUser();
      PasskeyRecord a = saved(u, 0);
      PasskeyRecord b = saved(u, 0);
      List<Callable<PasskeyStore.Deletion>> tries = List.of(
          () -> store.passkeys().delete(u.id(), a.id(), true,
              event(AuditEventType.PASSKEY_DELETED, u.id(), now)),
          () -> sameDataStore().passkeys().delete(u.id(), b.id(), true,
              event(AuditEventType.PASSKEY_DELETED, u.id(), now)));
      List<Race.Attempt<PasskeyStore.Deletion>> attempts;
      try (Race race = new Race(2)) {
        attempts = race.run(tries);
      }
      assertThat(attempts).allSatisfy(t -> assertThat(t.error()).isNull());
      assertThat(attempts).extracting(Race.Attempt::value)
          .containsExactlyInAnyOrder(PasskeyStore.Deletion.DELETED,
              PasskeyStore.Deletion.LAST_PASSKEY);
      assertThat(store.passkeys().listByUser(u.id())).hasSize(1);
    }
  }

  @Test
  void recordUse_forwardOnly_orZeroToZero() {
    StoredUser u = createdUser();
    PasskeyRecord counting = saved(u, 5);
    assertThat(store.passkeys().recordUse(counting.id(), 5, true, now)).isFalse();
    assertThat(store.passkeys().recordUse(counting.id(), 4, true, now)).isFalse();
    assertThat(store.passkeys().recordUse(counting.id(), 0, true, now)).isFalse();
    assertThat(store.passkeys().recordUse(counting.id(), 6, true, now.plusSeconds(1))).isTrue();
    PasskeyRecord after = store.passkeys().findByCredentialId(counting.credentialId())
        .orElseThrow();
    assertThat(after.signCount()).isEqualTo(6);
    assertThat(after.backedUp()).isTrue();
    assertThat(after.lastUsedAt()).isEqualTo(now.plusSeconds(1));

    PasskeyRecord synced = saved(u, 0);
    assertThat(store.passkeys().recordUse(synced.id(), 0, false, now)).isTrue();
    assertThat(store.passkeys().recordUse(synced.id(), 0, false, now)).isTrue();
    assertThat(store.passkeys().recordUse(synced.id(), 3, false, now)).isTrue();
    assertThat(store.passkeys().recordUse(synced.id(), 0, false, now)).isFalse();
    assertThat(store.passkeys().recordUse("no-such-id", 9, false, now)).isFalse();
  }

  @Test
  void recordUse_concurrentWithOneCounter_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    PasskeyRecord p = saved(u, 10);
    List<Callable<Boolean>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      PasskeyStore target = alternate(i).passkeys();
      tries.add(() -> target.recordUse(p.id(), 11, false, now));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value())).hasSize(1);
    assertThat(store.passkeys().findByCredentialId(p.credentialId()).orElseThrow().signCount())
        .isEqualTo(11);
  }

  @Test
  void consumeChallenge_returnsItOnce_withItsBinding() {
    StoredUser u = createdUser();
    PasskeyChallenge c = challenge(PasskeyChallenge.REGISTER, u.id());
    store.passkeys().saveChallenge(c);
    PasskeyChallenge discoverable = new PasskeyChallenge(Fixtures.tokenHash(),
        PasskeyChallenge.SIGNIN, null, now, now.plusSeconds(60));
    store.passkeys().saveChallenge(discoverable);
    assertThat(sameDataStore().passkeys().consumeChallenge(c.hash(), now)).contains(c);
    assertThat(store.passkeys().consumeChallenge(c.hash(), now)).isEmpty();
    assertThat(store.passkeys().consumeChallenge(discoverable.hash(), now))
        .contains(discoverable);
    assertThat(store.passkeys().consumeChallenge(Fixtures.tokenHash(), now)).isEmpty();
  }

  @Test
  void consumeChallenge_expired_notReturned_andGone() {
    StoredUser u = createdUser();
    PasskeyChallenge c = challenge(PasskeyChallenge.MFA, u.id());
    store.passkeys().saveChallenge(c);
    assertThat(store.passkeys().consumeChallenge(c.hash(), c.expiresAt())).isEmpty();
    assertThat(store.passkeys().consumeChallenge(c.hash(), now)).isEmpty();
  }

  @Test
  void saveChallenge_purgesExpiredOnes_keepsLiveOnes() {
    StoredUser u = createdUser();
    PasskeyChallenge old = challenge(PasskeyChallenge.SIGNIN, u.id());
    PasskeyChallenge live = challenge(PasskeyChallenge.SIGNIN, u.id());
    store.passkeys().saveChallenge(old);
    store.passkeys().saveChallenge(live);
    PasskeyChallenge later = new PasskeyChallenge(Fixtures.tokenHash(), PasskeyChallenge.SIGNIN,
        null, old.expiresAt().plusSeconds(1), old.expiresAt().plusSeconds(301));
    store.passkeys().saveChallenge(later);
    // Both earlier ones expired by then: the save may have purged them; none is usable.
    assertThat(store.passkeys().consumeChallenge(old.hash(), later.createdAt())).isEmpty();
    assertThat(store.passkeys().consumeChallenge(later.hash(), later.createdAt()))
        .contains(later);
  }

  @Test
  void consumeChallenge_concurrent_exactlyOneGetsIt() throws Exception {
    StoredUser u = createdUser();
    PasskeyChallenge c = challenge(PasskeyChallenge.SIGNIN, u.id());
    store.passkeys().saveChallenge(c);
    List<Callable<Optional<PasskeyChallenge>>> tries = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      PasskeyStore target = alternate(i).passkeys();
      tries.add(() -> target.consumeChallenge(c.hash(), now));
    }
    List<Race.Attempt<Optional<PasskeyChallenge>>> attempts;
    try (Race race = new Race(RACERS)) {
      attempts = race.run(tries);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> a.value() != null && a.value().isPresent()).hasSize(1);
  }

  @Test
  void deletingTheUser_deletesItsPasskeys() {
    StoredUser u = createdUser();
    PasskeyRecord p = saved(u, 0);
    StoredUser tombstone = new StoredUser(u.id(), "deleted-" + u.id() + "@deleted.invalid", null,
        Fixtures.HASH, false, u.createdAt(), now, null);
    store.users().delete(tombstone, now, event(AuditEventType.USER_DELETED, u.id(), now));
    assertThat(store.passkeys().listByUser(u.id())).isEmpty();
    assertThat(store.passkeys().findByCredentialId(p.credentialId())).isEmpty();
  }
}
