package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.spi.FactorRecord;
import dev.janua.spi.FactorStore;
import dev.janua.spi.MfaChallengeRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link FactorStore} of an {@link InMemoryStore}: every write under the store's lock. */
final class MemoryFactors implements FactorStore {
  private final MemoryState s;

  MemoryFactors(MemoryState state) {
    this.s = state;
  }

  @Override
  public boolean savePending(FactorRecord pending, AuditEvent event) {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      FactorRecord old = byUser(pending.userId(), pending.kind());
      if (old != null && old.active()) {
        return false;
      }
      if (old != null) {
        s.factors.remove(old.id());
      }
      s.factors.put(pending.id(), pending);
      s.audit.add(event);
      return true;
    });
  }

  private FactorRecord byUser(String userId, String kind) {
    return s.factors.values().stream()
        .filter(f -> f.userId().equals(userId) && f.kind().equals(kind)).findFirst().orElse(null);
  }

  @Override
  public Optional<FactorRecord> find(String userId, String kind) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    return Optional.ofNullable(byUser(userId, kind));
  }

  @Override
  public boolean confirm(String factorId, long step, Instant at, List<String> recoveryCodeHashes,
      AuditEvent event) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
    List<String> hashes = List.copyOf(recoveryCodeHashes);
    return s.locked(() -> {
      FactorRecord f = s.factors.get(factorId);
      if (f == null || f.active() || step <= f.lastStep()) {
        return false;
      }
      s.factors.put(factorId, new FactorRecord(f.id(), f.userId(), f.kind(), f.secret(),
          f.createdAt(), at, step));
      replace(f.userId(), hashes);
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public boolean acceptStep(String factorId, long step) {
    return s.locked(() -> {
      FactorRecord f = s.factors.get(factorId);
      if (f == null || !f.active() || step <= f.lastStep()) {
        return false;
      }
      s.factors.put(factorId, new FactorRecord(f.id(), f.userId(), f.kind(), f.secret(),
          f.createdAt(), f.confirmedAt(), step));
      return true;
    });
  }

  @Override
  public boolean useRecoveryCode(String userId, String codeHash, Instant at, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      var codes = s.recoveryCodes.get(userId);
      if (codes == null || !codes.remove(codeHash)) {
        return false;
      }
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public int remainingRecoveryCodes(String userId) {
    return s.locked(() -> {
      var codes = s.recoveryCodes.get(userId);
      return codes == null ? 0 : codes.size();
    });
  }

  @Override
  public boolean replaceRecoveryCodes(String userId, List<String> codeHashes, Instant at,
      AuditEvent event) {
    Objects.requireNonNull(event, "event");
    List<String> hashes = List.copyOf(codeHashes);
    return s.locked(() -> {
      if (s.factors.values().stream().noneMatch(f -> f.userId().equals(userId) && f.active())) {
        return false;
      }
      replace(userId, hashes);
      s.audit.add(event);
      return true;
    });
  }

  private void replace(String userId, List<String> hashes) {
    s.recoveryCodes.put(userId, new java.util.HashSet<>(hashes));
  }

  @Override
  public boolean delete(String factorId, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      FactorRecord f = s.factors.remove(factorId);
      if (f == null) {
        return false;
      }
      s.recoveryCodes.remove(f.userId());
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public void saveChallenge(MfaChallengeRecord challenge, Instant now) {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(now, "now");
    s.locked(() -> {
      s.challenges.values().removeIf(c -> c.userId().equals(challenge.userId())
          && !c.usableAt(now));
      // The new one always stays (its instant may equal older ones'); of the others, the newest.
      List<MfaChallengeRecord> others = s.challenges.values().stream()
          .filter(c -> c.userId().equals(challenge.userId())
              && !c.challengeHash().equals(challenge.challengeHash()))
          .sorted(Comparator.comparing(MfaChallengeRecord::createdAt)
              .thenComparing(MfaChallengeRecord::challengeHash).reversed())
          .toList();
      s.challenges.put(challenge.challengeHash(), challenge);
      List<MfaChallengeRecord> mine = others;
      for (int i = MAX_CHALLENGES_PER_USER - 1; i < mine.size(); i++) {
        s.challenges.remove(mine.get(i).challengeHash());
      }
      return null;
    });
  }

  @Override
  public Optional<MfaChallengeRecord> takeChallengeAttempt(String challengeHash,
      String clientHash, Instant now, int maxAttempts) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(clientHash, "clientHash");
    Objects.requireNonNull(now, "now");
    return s.locked(() -> {
      MfaChallengeRecord c = s.challenges.get(challengeHash);
      if (c == null || !c.usableAt(now) || !c.clientHash().equals(clientHash)
          || c.attempts() >= maxAttempts) {
        return Optional.empty();
      }
      MfaChallengeRecord next = new MfaChallengeRecord(c.challengeHash(), c.userId(),
          c.clientHash(), c.sealedDevice(), c.createdAt(), c.expiresAt(), c.attempts() + 1);
      s.challenges.put(challengeHash, next);
      return Optional.of(next);
    });
  }

  @Override
  public boolean completeChallenge(String challengeHash, Instant now) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(now, "now");
    return s.locked(() -> {
      MfaChallengeRecord c = s.challenges.get(challengeHash);
      if (c == null || !c.usableAt(now)) {
        return false;
      }
      s.challenges.remove(challengeHash);
      return true;
    });
  }

  @Override
  public boolean deleteChallenge(String challengeHash) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    return s.locked(() -> s.challenges.remove(challengeHash) != null);
  }
}
