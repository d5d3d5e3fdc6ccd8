package dev.janua;

import dev.janua.internal.Keys;
import dev.janua.internal.SecretBox;
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
 *
 * <p>Persistent private keys are sealed with the key-encryption key ({@link SecretBox}, the key id
 * as associated data) before they reach the store, so every store (memory, PostgreSQL, anything
 * in between) only ever holds ciphertext. At start-up plaintext rows, and rows sealed under the
 * previous key-encryption key, are sealed again under the current one.
 */
final class KeyService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

  private final JanuaConfig config;
  private final SigningKeyStore store;
  private final boolean persistent;
  private final Supplier<Instant> now;
  /** {@code null}: persistent keys are stored in plaintext (development flag) or not persistent. */
  private final @Nullable SecretBox box;

  static final String KEK = "JANUA_KEY_ENCRYPTION_KEY";
  static final String KEK_PREVIOUS = "JANUA_KEY_ENCRYPTION_KEY_PREVIOUS";
  static final String ALLOW_PLAINTEXT = "JANUA_ALLOW_PLAINTEXT_KEYS";

  /**
   * @throws JanuaConfigException naming {@value #KEK} when keys are persistent, no key-encryption
   *     key is set and plaintext keys are not allowed
   */
  KeyService(JanuaConfig config, SigningKeyStore store, boolean persistent, Supplier<Instant> now) {
    this.config = config;
    this.store = store;
    this.persistent = persistent;
    this.now = now;
    this.box = persistent ? box(config) : null;
  }

  private static @Nullable SecretBox box(JanuaConfig config) {
    String kek = config.keyEncryptionKey();
    if (kek == null) {
      if (config.keyEncryptionKeyPrevious() != null) {
        throw new JanuaConfigException(KEK, KEK_PREVIOUS + " is set but " + KEK + " is not: "
            + "set the new key-encryption key in " + KEK);
      }
      if (!config.allowPlaintextKeys()) {
        throw new JanuaConfigException(KEK, "Persistent signing keys need a key-encryption key: "
            + "set " + KEK + " to base64 of 32 random bytes (e.g. `openssl rand -base64 32`), "
            + "or " + ALLOW_PLAINTEXT + "=true for development only");
      }
      LOG.warn("{}=true and no {}: signing keys are stored in PLAINTEXT; whoever reads the store "
          + "or a backup of it can mint tokens. Development only.", ALLOW_PLAINTEXT, KEK);
      return null;
    }
    String previous = config.keyEncryptionKeyPrevious();
    return SecretBox.of(SecretBox.decodeKey(kek),
        previous == null ? null : SecretBox.decodeKey(previous));
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
      if (box != null) {
        seal();
      }
      return fromStore();
    }
    SigningKey generated = SigningKey.generate(config.algorithm());
    LOG.warn("No signing key configured: generated {} key {}. Tokens will not survive a restart and "
        + "are not shared with other instances; set JWT_PRIVATE_KEY or use persistent keys.",
        generated.algorithm(), generated.kid());
    return KeyRing.of(generated);
  }

  /**
   * The store's keys for a reload while running, or {@code null} (the ring in use stays) when a
   * stored key does not decrypt, e.g. one re-encrypted by an instance that already has a newer
   * key-encryption key: logged, never thrown into a token check.
   */
  @Nullable KeyRing reload() {
    try {
      return fromStore();
    } catch (JanuaConfigException e) {
      LOG.error("Reloading signing keys failed; keeping the current ones: {}", e.getMessage());
      return null;
    }
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

  /**
   * Seals plaintext rows and re-seals rows sealed under the previous key-encryption key. Each row
   * is replaced only if unchanged since read, so instances starting at once do it once per row
   * and running it again changes nothing.
   */
  private void seal() {
    SecretBox b = java.util.Objects.requireNonNull(box);
    int sealed = 0;
    int resealed = 0;
    for (StoredSigningKey k : store.all()) {
      String value = k.privateKeyDer();
      if (!SecretBox.isSealed(value)) {
        if (store.replacePrivateKey(k.kid(), value, b.seal(value, k.kid()))) {
          sealed++;
        }
      } else {
        SecretBox.Opened opened = open(b, k);
        if (opened.stale()
            && store.replacePrivateKey(k.kid(), value, b.seal(opened.plaintext(), k.kid()))) {
          resealed++;
        }
      }
    }
    if (sealed + resealed > 0) {
      LOG.info("Signing keys at rest: encrypted {} plaintext key(s), re-encrypted {} key(s) "
          + "from {} with {}", sealed, resealed, KEK_PREVIOUS, KEK);
    }
  }

  private static SecretBox.Opened open(SecretBox b, StoredSigningKey k) {
    try {
      return b.open(k.privateKeyDer(), k.kid());
    } catch (SecretBox.SealedValueException e) {
      throw new JanuaConfigException(KEK, "Signing key " + k.kid() + " cannot be decrypted with "
          + KEK + (b.hasPrevious() ? " or " + KEK_PREVIOUS : "")
          + " (" + e.getMessage() + "): set the key-encryption key it was encrypted with");
    }
  }

  private SigningKey signingKey(StoredSigningKey k) {
    String der;
    if (box != null) {
      // A plaintext row here was written by a plaintext instance after start-up: still usable.
      der = SecretBox.isSealed(k.privateKeyDer()) ? open(box, k).plaintext() : k.privateKeyDer();
    } else if (SecretBox.isSealed(k.privateKeyDer())) {
      throw new JanuaConfigException(KEK, "Signing key " + k.kid() + " is encrypted: set " + KEK
          + " to the key-encryption key it was encrypted with");
    } else {
      der = k.privateKeyDer();
    }
    return SigningKey.of(k.kid(), Keys.fromDer(der, k.publicKeyDer(), k.algorithm()),
        k.algorithm());
  }

  private StoredSigningKey stored(SigningKey key, Instant at) {
    String der = Keys.der(key.privateKey());
    return new StoredSigningKey(key.kid(), key.algorithm(),
        box == null ? der : box.seal(der, key.kid()), Keys.der(key.publicKey()), at, null);
  }
}
