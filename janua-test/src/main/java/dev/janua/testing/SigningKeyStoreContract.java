package dev.janua.testing;

import static dev.janua.testing.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contract of {@link SigningKeyStore}: one active key, shared by every instance, also when they
 * all start at once on an empty store; rotation retires the active key atomically; a staged
 * rotation is a compare-and-set, so of instances rotating at once exactly one does; retired keys
 * are deleted by age or by kid, never the newest key.
 *
 * <p>Keys are global to a store, so the bootstrap case runs first: a store whose {@link
 * #newStore()} shares data across the tests of a class (one database schema per class) still meets
 * it without a key. When a key exists already, the case checks that every caller gets that key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SigningKeyStoreContract extends AbstractStoreContract {
  /** How many instances start at once in the bootstrap case. */
  protected static final int BOOTSTRAP_RACERS = 16;

  /** Lets subclasses exist. */
  protected SigningKeyStoreContract() {}

  private StoredSigningKey key(String kid) {
    return new StoredSigningKey(kid, "RS256", "cHJpdmF0ZQ==", "cHVibGlj", now, null);
  }

  @Test
  @Order(1)
  void activeKey_concurrentBootstrap_everyCallerGetsTheSameOneKey() throws Exception {
    Optional<StoredSigningKey> existing = store.signingKeys().all().stream()
        .filter(k -> k.retiredAt() == null).findFirst();
    List<String> candidates = new ArrayList<>();
    List<Callable<StoredSigningKey>> calls = new ArrayList<>();
    for (int i = 0; i < BOOTSTRAP_RACERS; i++) {
      String kid = "kid-" + id();
      candidates.add(kid);
      Store target = alternate(i);
      calls.add(() -> target.signingKeys().activeKey(key(kid)));
    }
    List<Race.Attempt<StoredSigningKey>> attempts;
    try (Race race = new Race(BOOTSTRAP_RACERS)) {
      attempts = race.run(calls);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    String winner = attempts.get(0).value().kid();
    assertThat(attempts).extracting(a -> a.value().kid()).containsOnly(winner);
    if (existing.isPresent()) {
      assertThat(winner).isEqualTo(existing.get().kid());
    } else {
      assertThat(candidates).contains(winner);
    }
    for (Store s : List.of(store, sameDataStore())) {
      List<StoredSigningKey> all = s.signingKeys().all();
      assertThat(all).filteredOn(k -> k.retiredAt() == null).extracting(StoredSigningKey::kid)
          .containsExactly(winner);
      assertThat(all).extracting(StoredSigningKey::kid).filteredOn(candidates::contains)
          .containsOnly(winner);
      assertThat(s.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(winner);
    }
  }

  @Test
  @Order(2)
  void activeSigningKey_firstCandidateWins_thenRotation() {
    // Keys are global to the store: rotate first so this test does not depend on earlier ones.
    String first = "kid-" + id();
    store.signingKeys().rotate(key(first), now);
    assertThat(store.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(first);
    now = now.plusSeconds(60);
    String second = "kid-" + id();
    store.signingKeys().rotate(key(second), now);
    assertThat(store.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(second);
    List<StoredSigningKey> all = store.signingKeys().all();
    assertThat(all.get(0).kid()).isEqualTo(second);
    assertThat(all.get(0).retiredAt()).isNull();
    assertThat(all).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    assertThat(all).filteredOn(k -> k.kid().equals(first)).singleElement()
        .satisfies(k -> assertThat(k.retiredAt()).isEqualTo(now));
  }

  @Test
  @Order(3)
  void replacePrivateKey_compareAndSet_onlyThatRowsPrivateKeyChanges() {
    String kid = "kid-" + id();
    store.signingKeys().rotate(key(kid), now);
    StoredSigningKey before = store.signingKeys().all().stream()
        .filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
    assertThat(store.signingKeys().replacePrivateKey(kid, "not-the-value", "v1:x")).isFalse();
    assertThat(store.signingKeys().replacePrivateKey(kid, before.privateKeyDer(), "v1:sealed"))
        .isTrue();
    // A second instance doing the same replacement finds the row changed already.
    assertThat(sameDataStore().signingKeys().replacePrivateKey(kid, before.privateKeyDer(),
        "v1:other")).isFalse();
    StoredSigningKey after = sameDataStore().signingKeys().all().stream()
        .filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
    assertThat(after.privateKeyDer()).isEqualTo("v1:sealed");
    assertThat(after.publicKeyDer()).isEqualTo(before.publicKeyDer());
    assertThat(after.retiredAt()).isEqualTo(before.retiredAt());
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(store.signingKeys().replacePrivateKey("kid-" + id(), "x", "y")).isFalse();
  }

  private StoredSigningKey pendingKey(String kid, java.time.Instant activatesAt) {
    return new StoredSigningKey(kid, "RS256", "cHJpdmF0ZQ==", "cHVibGlj", now, null, activatesAt);
  }

  private StoredSigningKey find(Store s, String kid) {
    return s.signingKeys().all().stream().filter(k -> k.kid().equals(kid)).findFirst()
        .orElseThrow(() -> new AssertionError("no key " + kid));
  }

  @Test
  @Order(4)
  void stageRotation_concurrentRotators_exactlyOneStages() throws Exception {
    String base = "kid-" + id();
    store.signingKeys().rotate(key(base), now);
    java.time.Instant activatesAt = now.plusSeconds(3600);
    List<String> candidates = new ArrayList<>();
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < BOOTSTRAP_RACERS; i++) {
      String kid = "kid-" + id();
      candidates.add(kid);
      Store target = alternate(i);
      calls.add(() -> target.signingKeys().stageRotation(base, pendingKey(kid, activatesAt)));
    }
    List<Race.Attempt<Boolean>> attempts;
    try (Race race = new Race(BOOTSTRAP_RACERS)) {
      attempts = race.run(calls);
    }
    assertThat(attempts).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(attempts).filteredOn(a -> Boolean.TRUE.equals(a.value()))
        .as("exactly one rotation is staged").hasSize(1);
    for (Store s : List.of(store, sameDataStore())) {
      List<StoredSigningKey> all = s.signingKeys().all();
      assertThat(all).extracting(StoredSigningKey::kid).filteredOn(candidates::contains)
          .as("staged keys").hasSize(1);
      StoredSigningKey winner = all.stream().filter(k -> candidates.contains(k.kid()))
          .findFirst().orElseThrow();
      assertThat(winner.retiredAt()).isNull();
      assertThat(winner.activatesAt()).isEqualTo(activatesAt);
      assertThat(winner.isPending(now)).isTrue();
      assertThat(winner.isActive(activatesAt)).isTrue();
      StoredSigningKey old = find(s, base);
      assertThat(old.retiredAt()).as("the old key retires when the new one takes over")
          .isEqualTo(activatesAt);
      assertThat(old.isActive(now)).isTrue();
      assertThat(old.isRetired(activatesAt)).isTrue();
      assertThat(all).filteredOn(k -> k.retiredAt() == null).extracting(StoredSigningKey::kid)
          .containsExactly(winner.kid());
    }
  }

  @Test
  @Order(5)
  void stageRotation_staleExpectedKid_changesNothing_emergencyRotateRetiresPending() {
    String base = "kid-" + id();
    store.signingKeys().rotate(key(base), now);
    String pending = "kid-" + id();
    assertThat(store.signingKeys().stageRotation(base, pendingKey(pending, now.plusSeconds(600))))
        .isTrue();
    // Staged from a key that is no longer the newest: refused, nothing written.
    String late = "kid-" + id();
    assertThat(sameDataStore().signingKeys().stageRotation(base,
        pendingKey(late, now.plusSeconds(900)))).isFalse();
    assertThat(store.signingKeys().all()).extracting(StoredSigningKey::kid).doesNotContain(late);
    assertThat(store.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(pending);
    // An emergency rotation signs at once; the active and the pending key both retire now.
    now = now.plusSeconds(60);
    String emergency = "kid-" + id();
    store.signingKeys().rotate(key(emergency), now);
    assertThat(find(store, base).retiredAt()).isEqualTo(now);
    assertThat(find(store, pending).retiredAt()).isEqualTo(now);
    assertThat(find(store, emergency).isActive(now)).isTrue();
    assertThat(store.signingKeys().all()).filteredOn(k -> k.isActive(now)).hasSize(1);
  }

  @Test
  @Order(6)
  void deleteRetiredBefore_andDelete_removeOnlyRetiredKeys() {
    String old = "kid-" + id();
    store.signingKeys().rotate(key(old), now);
    now = now.plusSeconds(60);
    String middle = "kid-" + id();
    store.signingKeys().rotate(key(middle), now);
    java.time.Instant middleRetired = now.plusSeconds(60);
    String newest = "kid-" + id();
    store.signingKeys().rotate(key(newest), middleRetired);
    // old retired at now, middle at now+60s: a cutoff just after now deletes old, not middle.
    assertThat(store.signingKeys().deleteRetiredBefore(now.plusSeconds(1)))
        .isGreaterThanOrEqualTo(1);
    assertThat(sameDataStore().signingKeys().all()).extracting(StoredSigningKey::kid)
        .doesNotContain(old).contains(middle, newest);
    assertThat(sameDataStore().signingKeys().deleteRetiredBefore(now.plusSeconds(1))).isZero();
    // The newest key is never deleted by kid; a retired one is, once.
    assertThat(store.signingKeys().delete(newest)).isFalse();
    assertThat(store.signingKeys().delete(middle)).isTrue();
    assertThat(sameDataStore().signingKeys().delete(middle)).isFalse();
    assertThat(store.signingKeys().all()).extracting(StoredSigningKey::kid)
        .doesNotContain(middle).contains(newest);
  }
}
