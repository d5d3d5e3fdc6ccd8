package dev.janua.spi;

import java.time.Instant;
import java.util.List;

/** Signing keys shared by every instance on one store. */
public interface SigningKeyStore {

  /**
   * Returns the newest key (the one whose {@code retiredAt} is {@code null}: the active key, or the
   * pending key that succeeds it), first storing {@code candidate} as the active key when there is
   * none. Of instances starting at once, all end up with the same key.
   */
  StoredSigningKey activeKey(StoredSigningKey candidate);

  /** Every stored key, pending, active and retired, newest first. */
  List<StoredSigningKey> all();

  /**
   * Makes {@code next} the active key at once (an emergency rotation): every key not retired by
   * {@code now} (the active key, a pending one) is retired at {@code now}, atomically.
   */
  void rotate(StoredSigningKey next, Instant now);

  /**
   * Stages a rotation, if {@code expectedNewestKid} is still the newest key (compare-and-set):
   * stores {@code next}, pending until its {@link StoredSigningKey#activatesAt()}, and retires the
   * newest key at that same instant, atomically. Of instances staging a rotation from the same
   * newest key at once, exactly one succeeds; the others see {@code false} and change nothing.
   *
   * @return whether {@code next} was stored
   */
  boolean stageRotation(String expectedNewestKid, StoredSigningKey next);

  /**
   * Deletes the keys retired before {@code cutoff} (every token they signed has expired). Running
   * it on several instances at once deletes each key once.
   *
   * @return how many keys were deleted
   */
  int deleteRetiredBefore(Instant cutoff);

  /**
   * Deletes the key {@code kid} at once, unless it is the newest key (its {@code retiredAt} is
   * {@code null}); used after a leak, once another key signs.
   *
   * @return whether a key was deleted
   */
  boolean delete(String kid);

  /**
   * Replaces the stored private key of {@code kid} with {@code replacement} if it is still {@code
   * expected} (compare-and-set), leaving everything else of the row as it is. Used to encrypt
   * plaintext keys and re-encrypt them under a new key-encryption key; of instances doing it at
   * once, one wins and the others see {@code false}.
   *
   * @return whether the row was changed
   * @throws UnsupportedOperationException when the store cannot rewrite keys (the default)
   */
  default boolean replacePrivateKey(String kid, String expected, String replacement) {
    throw new UnsupportedOperationException(getClass().getName()
        + " cannot rewrite signing keys; implement SigningKeyStore.replacePrivateKey");
  }
}
