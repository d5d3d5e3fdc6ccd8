package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.spi.PasskeyChallenge;
import dev.janua.spi.PasskeyRecord;
import dev.janua.spi.PasskeyStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link PasskeyStore} of an {@link InMemoryStore}: every write under the store's lock. */
final class MemoryPasskeys implements PasskeyStore {
  private final MemoryState s;

  MemoryPasskeys(MemoryState state) {
    this.s = state;
  }

  @Override
  public boolean save(PasskeyRecord passkey, AuditEvent event) {
    Objects.requireNonNull(passkey, "passkey");
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      if (s.passkeys.containsKey(passkey.id()) || s.passkeys.values().stream()
          .anyMatch(p -> p.credentialId().equals(passkey.credentialId()))) {
        return false;
      }
      s.passkeys.put(passkey.id(), passkey);
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public Optional<PasskeyRecord> findByCredentialId(String credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return s.passkeys.values().stream().filter(p -> p.credentialId().equals(credentialId))
        .findFirst();
  }

  @Override
  public List<PasskeyRecord> listByUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    return s.passkeys.values().stream().filter(p -> p.userId().equals(userId))
        .sorted(Comparator.comparing(PasskeyRecord::createdAt).thenComparing(PasskeyRecord::id))
        .toList();
  }

  @Override
  public boolean rename(String userId, String passkeyId, String name, AuditEvent event) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      PasskeyRecord p = s.passkeys.get(passkeyId);
      if (p == null || !p.userId().equals(userId)) {
        return false;
      }
      s.passkeys.put(passkeyId, p.named(name));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public Deletion delete(String userId, String passkeyId, boolean keepLast, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      PasskeyRecord p = s.passkeys.get(passkeyId);
      if (p == null || !p.userId().equals(userId)) {
        return Deletion.NOT_FOUND;
      }
      if (keepLast && s.passkeys.values().stream().filter(o -> o.userId().equals(userId))
          .count() <= 1) {
        return Deletion.LAST_PASSKEY;
      }
      s.passkeys.remove(passkeyId);
      s.audit.add(event);
      return Deletion.DELETED;
    });
  }

  @Override
  public boolean recordUse(String passkeyId, long newSignCount, boolean backedUp, Instant at) {
    Objects.requireNonNull(at, "at");
    return s.locked(() -> {
      PasskeyRecord p = s.passkeys.get(passkeyId);
      if (p == null || !(p.signCount() < newSignCount
          || p.signCount() == 0 && newSignCount == 0)) {
        return false;
      }
      s.passkeys.put(passkeyId, p.used(newSignCount, backedUp, at));
      return true;
    });
  }

  @Override
  public void saveChallenge(PasskeyChallenge challenge) {
    Objects.requireNonNull(challenge, "challenge");
    s.locked(() -> {
      s.passkeyChallenges.values().removeIf(c -> !c.usableAt(challenge.createdAt()));
      s.passkeyChallenges.put(challenge.hash(), challenge);
      return null;
    });
  }

  @Override
  public Optional<PasskeyChallenge> consumeChallenge(String hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return s.locked(() -> Optional.ofNullable(s.passkeyChallenges.remove(hash))
        .filter(c -> c.usableAt(now)));
  }
}
