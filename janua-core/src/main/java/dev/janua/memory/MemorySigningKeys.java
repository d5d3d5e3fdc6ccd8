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
      s.signingKeys.replaceAll(k -> k.retiredAt() == null
          ? new StoredSigningKey(k.kid(), k.algorithm(), k.privateKeyDer(), k.publicKeyDer(),
              k.createdAt(), now)
          : k);
      s.signingKeys.add(next);
      return null;
    });
  }

  @Override
  public boolean replacePrivateKey(String kid, String expected, String replacement) {
    return s.locked(() -> {
      for (int i = 0; i < s.signingKeys.size(); i++) {
        StoredSigningKey k = s.signingKeys.get(i);
        if (k.kid().equals(kid) && k.privateKeyDer().equals(expected)) {
          s.signingKeys.set(i, new StoredSigningKey(k.kid(), k.algorithm(), replacement,
              k.publicKeyDer(), k.createdAt(), k.retiredAt()));
          return true;
        }
      }
      return false;
    });
  }
}
