package dev.janua;

import dev.janua.internal.Keys;
import dev.janua.internal.SecretBox;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.StoredSigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys: where the first key ring comes from (a ring the host set, {@code JWT_PRIVATE_KEY},
 * the store's persistent keys, or a generated key), reloading from the store, and the key
 * lifecycle: pending (published, not signing) -> active -> retired (verifying while its tokens
 * live) -> deleted. Staged rotation, emergency rotation, deletion and the schedule that runs them.
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
  /** Without persistent keys: when the newest key of this instance's ring started signing. */
  private volatile Instant activeSince;

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
    this.activeSince = now.get();
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
      Instant at = now.get();
      store.activeKey(stored(SigningKey.generate(config.algorithm()), at, at));
      if (box != null) {
        seal();
      }
      return fromStore(at);
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
   * key-encryption key, or the store fails: logged, never thrown into a token check.
   */
  @Nullable KeyRing reload() {
    try {
      return fromStore(now.get());
    } catch (JanuaConfigException | IllegalStateException e) {
      LOG.error("Reloading signing keys failed; keeping the current ones: {}", e.getMessage());
      return null;
    } catch (JanuaException e) {
      LOG.warn("Reloading signing keys failed; keeping the current ones: {}", e.getMessage());
      return null;
    }
  }

  /**
   * The store's keys as they stand at {@code at}: the active one signs, pending ones are published
   * and take over at their time, retired ones verify while their tokens can live.
   */
  KeyRing fromStore(Instant at) {
    return ring(store.all(), at);
  }

  private KeyRing ring(List<StoredSigningKey> keys, Instant at) {
    Instant cutoff = at.minus(verifyWindow());
    StoredSigningKey active = keys.stream().filter(k -> k.isActive(at))
        .max(Comparator.comparing(StoredSigningKey::activatesAt)).orElse(null);
    if (active == null) {
      throw new IllegalStateException("the store has no active signing key");
    }
    KeyRing ring = KeyRing.of(signingKey(active));
    for (StoredSigningKey k : keys) {
      if (k == active) {
        continue;
      }
      if (k.isPending(at)) {
        ring = ring.withPending(signingKey(k), k.activatesAt());
      } else if (!k.isRetired(at)) {
        ring = ring.withRetired(signingKey(k), at); // an older key still marked active
      } else if (!k.retiredAt().isBefore(cutoff)) {
        ring = ring.withRetired(signingKey(k), k.retiredAt());
      }
    }
    return ring;
  }

  /**
   * The outcome of a staged rotation.
   *
   * @param ring    the ring afterwards
   * @param next    the pending key that takes over: the new one, or the one already pending
   * @param created whether this call stored it
   */
  record Staged(KeyRing ring, SigningKey next, boolean created) {}

  /**
   * Stages a rotation at {@code at}: {@code next} is published at once and signs after the pending
   * period; the active key retires then and keeps verifying while its tokens live. When a rotation
   * is pending already (staged here, or by another instance at the same moment), nothing new is
   * stored and the pending key is returned: of instances rotating at once, exactly one rotates.
   */
  Staged stage(KeyRing current, SigningKey next, Instant at) {
    Instant activatesAt = at.plus(config.keyPendingPeriod());
    if (!persistent) {
      KeyRing ring = current.advancedTo(at);
      if (!ring.pending().isEmpty()) {
        return new Staged(ring, ring.pending().get(ring.pending().size() - 1), false);
      }
      activeSince = activatesAt;
      return new Staged(ring.withPending(next, activatesAt), next, true);
    }
    List<StoredSigningKey> keys = store.all();
    Optional<StoredSigningKey> newest = keys.stream().filter(k -> k.retiredAt() == null)
        .findFirst();
    boolean created = false;
    if (newest.isPresent() && !newest.get().isPending(at)) {
      created = store.stageRotation(newest.get().kid(), stored(next, at, activatesAt));
      keys = store.all();
    }
    KeyRing ring = ring(keys, at);
    if (created) {
      LOG.info("Signing key {} staged: published now, signing from {}", next.kid(), activatesAt);
      return new Staged(ring, next, true);
    }
    List<SigningKey> pending = ring.pending();
    if (pending.isEmpty()) {
      throw new IllegalStateException("the store changed during a key rotation; try again");
    }
    return new Staged(ring, pending.get(pending.size() - 1), false);
  }

  /**
   * Makes {@code next} the signing key at once (an emergency rotation): the active key and any
   * pending one are retired and keep verifying while their tokens live. Verifiers holding a cached
   * JWKS refuse the new key's tokens until they fetch it again.
   */
  KeyRing rotateNow(KeyRing current, SigningKey next, Instant at) {
    activeSince = at;
    if (persistent) {
      store.rotate(stored(next, at, at), at);
      return fromStore(at);
    }
    return current.rotate(next, at).withoutRetiredBefore(at.minus(verifyWindow()));
  }

  /**
   * Deletes the key {@code kid} at once, from the store too: the tokens it signed are refused.
   *
   * @throws ConflictException (field {@code kid}) when it is the key that signs, or the newest
   *     key
   * @throws NotFoundException  when there is no such key
   */
  KeyRing delete(KeyRing current, String kid, Instant at) {
    KeyRing ring = current.advancedTo(at);
    if (ring.active().kid().equals(kid)) {
      throw new ConflictException("kid", "The signing key cannot be deleted: rotate first");
    }
    if (persistent) {
      if (store.delete(kid)) {
        LOG.warn("Signing key {} deleted before its tokens expired: they are refused", kid);
      } else if (store.all().stream().anyMatch(k -> k.kid().equals(kid))) {
        throw new ConflictException("kid", "The newest key cannot be deleted: rotate first");
      } else if (ring.find(kid).isEmpty()) {
        throw new NotFoundException("No signing key with this kid");
      } // else deleted by another instance already: drop it here too

      KeyRing fresh = fromStore(at);
      return fresh.find(kid).isPresent() ? fresh.without(kid) : fresh;
    }
    if (ring.find(kid).isEmpty()) {
      throw new NotFoundException("No signing key with this kid");
    }
    if (!ring.pending().isEmpty() && ring.pending().get(ring.pending().size() - 1).kid().equals(kid)) {
      throw new ConflictException("kid", "The newest key cannot be deleted: rotate first");
    }
    return ring.without(kid);
  }

  /**
   * The key schedule, run every {@code JWT_KEY_RELOAD_SECONDS}: reloads the ring from the store,
   * stages a rotation when one is due ({@code JWT_KEY_ROTATION_DAYS}), and deletes keys whose
   * tokens have all expired, from the store and the ring. A store failure is logged and leaves the
   * ring in use.
   */
  KeyRing maintain(KeyRing current, Instant at) {
    KeyRing ring = current;
    Instant newestActivation = activeSince;
    boolean pending;
    if (persistent) {
      List<StoredSigningKey> keys;
      try {
        keys = store.all();
        ring = ring(keys, at);
      } catch (RuntimeException e) {
        LOG.warn("Reloading signing keys failed; keeping the current ones: {}", e.getMessage());
        return current.advancedTo(at).withoutRetiredBefore(at.minus(verifyWindow()));
      }
      pending = keys.stream().anyMatch(k -> k.isPending(at));
      newestActivation = keys.stream().map(StoredSigningKey::activatesAt)
          .max(Comparator.naturalOrder()).orElse(at);
    } else {
      ring = ring.advancedTo(at);
      pending = !ring.pending().isEmpty();
    }
    Duration every = config.keyRotationInterval();
    if (!every.isZero() && !pending
        && !newestActivation.plus(every).minus(config.keyPendingPeriod()).isAfter(at)) {
      try {
        Staged s = stage(ring, SigningKey.generate(config.algorithm()), at);
        ring = s.ring();
      } catch (RuntimeException e) {
        LOG.warn("Scheduled key rotation failed; trying again at the next run: {}", e.getMessage());
      }
    }
    Instant cutoff = at.minus(verifyWindow());
    if (persistent) {
      try {
        int deleted = store.deleteRetiredBefore(cutoff);
        if (deleted > 0) {
          LOG.info("Deleted {} retired signing key(s): every token they signed has expired",
              deleted);
        }
      } catch (RuntimeException e) {
        LOG.warn("Deleting retired signing keys failed; trying again at the next run: {}",
            e.getMessage());
      }
    }
    return ring.advancedTo(at).withoutRetiredBefore(cutoff);
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

  private StoredSigningKey stored(SigningKey key, Instant at, Instant activatesAt) {
    String der = Keys.der(key.privateKey());
    return new StoredSigningKey(key.kid(), key.algorithm(),
        box == null ? der : box.seal(der, key.kid()), Keys.der(key.publicKey()), at, null,
        activatesAt);
  }
}
