package dev.janua;

import dev.janua.internal.Keys;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.StoredSigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys: where the first key ring comes from (a ring the host set, {@code JWT_PRIVATE_KEY},
 * the store's persistent keys, or a generated key), reloading from the store, and rotation.
 */
final class KeyService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

  private final JanuaConfig config;
  private final SigningKeyStore store;
  private final boolean persistent;
  private final Supplier<Instant> now;

  KeyService(JanuaConfig config, SigningKeyStore store, boolean persistent, Supplier<Instant> now) {
    this.config = config;
    this.store = store;
    this.persistent = persistent;
    this.now = now;
  }

  /** Whether keys live in the store (shared by every instance on it). */
  boolean persistent() {
    return persistent;
  }

  /** The ring to start with. */
  KeyRing initial(@Nullable KeyRing configured) {
    if (configured != null) {
      return configured;
    }
    if (config.signingKeyPem() != null) {
      try {
        return KeyRing.of(SigningKey.fromPem(config.signingKeyPem(), config.algorithm()));
      } catch (IllegalArgumentException e) {
        throw new JanuaConfigException("JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY: " + e.getMessage());
      }
    }
    if (persistent) {
      store.activeKey(stored(SigningKey.generate(config.algorithm()), now.get()));
      return fromStore();
    }
    SigningKey generated = SigningKey.generate(config.algorithm());
    LOG.warn("No signing key configured: generated {} key {}. Tokens will not survive a restart and "
        + "are not shared with other instances; set JWT_PRIVATE_KEY or use persistent keys.",
        generated.algorithm(), generated.kid());
    return KeyRing.of(generated);
  }

  /** The store's keys: the active one signs, retired ones verify while their tokens can live. */
  KeyRing fromStore() {
    Instant cutoff = now.get().minus(verifyWindow());
    KeyRing ring = null;
    List<StoredSigningKey> keys = store.all();
    for (StoredSigningKey k : keys) {
      if (k.retiredAt() == null) {
        ring = KeyRing.of(signingKey(k));
      }
    }
    if (ring == null) {
      throw new IllegalStateException("the store has no active signing key");
    }
    for (StoredSigningKey k : keys) {
      if (k.retiredAt() != null && !k.retiredAt().isBefore(cutoff)) {
        ring = ring.withRetired(signingKey(k), k.retiredAt());
      }
    }
    return ring;
  }

  /**
   * Makes a fresh key the signing key of {@code current}; the old one keeps verifying until every
   * token it signed has expired. With persistent keys the rotation is stored first.
   */
  KeyRing rotate(KeyRing current, SigningKey next, Instant at) {
    if (persistent) {
      store.rotate(stored(next, at), at);
      return fromStore();
    }
    return current.rotate(next, at).withoutRetiredBefore(at.minus(verifyWindow()));
  }

  private Duration verifyWindow() {
    return config.accessTokenTtl().plus(config.clockSkew());
  }

  private static SigningKey signingKey(StoredSigningKey k) {
    return SigningKey.of(k.kid(), Keys.fromDer(k.privateKeyDer(), k.publicKeyDer(), k.algorithm()),
        k.algorithm());
  }

  private static StoredSigningKey stored(SigningKey key, Instant at) {
    return new StoredSigningKey(key.kid(), key.algorithm(), Keys.der(key.privateKey()),
        Keys.der(key.publicKey()), at, null);
  }
}
