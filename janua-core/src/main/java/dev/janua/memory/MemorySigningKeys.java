package dev.janua.memory;

import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.StoredSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The signing keys of an {@link InMemoryStore}. */
final class MemorySigningKeys implements SigningKeyStore {
  private final MemoryState s;

  MemorySigningKeys(MemoryState state) {
    this.s = state;
  }

  @Override
  public StoredSigningKey activeKey(StoredSigningKey candidate) {
    return s.locked(() -> {
      for (StoredSigningKey k : s.signingKeys) {
        if (k.retiredAt() == null) {
          return k;
        }
      }
      s.signingKeys.add(candidate);
      return candidate;
    });
  }

  @Override
  public List<StoredSigningKey> all() {
    return s.locked(() -> {
      List<StoredSigningKey> out = new ArrayList<>(s.signingKeys);
      Collections.reverse(out);
      return out;
    });
  }

  @Override
  public void rotate(StoredSigningKey next, Instant now) {
    s.locked(() -> {
      s.signingKeys.replaceAll(k -> k.isRetired(now) ? k : k.withRetiredAt(now));
      s.signingKeys.add(next);
      return null;
    });
  }

  @Override
  public boolean stageRotation(String expectedNewestKid, StoredSigningKey next) {
    return s.locked(() -> {
      for (int i = 0; i < s.signingKeys.size(); i++) {
        StoredSigningKey k = s.signingKeys.get(i);
        if (k.retiredAt() == null) {
          if (!k.kid().equals(expectedNewestKid)) {
            return false;
          }
          s.signingKeys.set(i, k.withRetiredAt(next.activatesAt()));
          s.signingKeys.add(next);
          return true;
        }
      }
      return false;
    });
  }

  @Override
  public int deleteRetiredBefore(Instant cutoff) {
    return s.locked(() -> {
      int before = s.signingKeys.size();
      s.signingKeys.removeIf(k -> k.retiredAt() != null && k.retiredAt().isBefore(cutoff));
      return before - s.signingKeys.size();
    });
  }

  @Override
  public boolean delete(String kid) {
    return s.locked(() -> s.signingKeys.removeIf(k -> k.kid().equals(kid) && k.retiredAt() != null));
  }

  @Override
  public boolean replacePrivateKey(String kid, String expected, String replacement) {
    return s.locked(() -> {
      for (int i = 0; i < s.signingKeys.size(); i++) {
        StoredSigningKey k = s.signingKeys.get(i);
        if (k.kid().equals(kid) && k.privateKeyDer().equals(expected)) {
          s.signingKeys.set(i, k.withPrivateKeyDer(replacement));
          return true;
        }
      }
      return false;
    });
  }
}
