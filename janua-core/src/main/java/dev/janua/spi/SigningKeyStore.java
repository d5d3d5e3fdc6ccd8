package dev.janua.spi;

import java.time.Instant;
import java.util.List;

/** Signing keys shared by every instance on one store. */
public interface SigningKeyStore {

  /**
   * Returns the active signing key, first storing {@code candidate} as the active key when there is
   * none. Of instances starting at once, all end up with the same active key.
   */
  StoredSigningKey activeKey(StoredSigningKey candidate);

  /** Every stored key, active and retired, newest first. */
  List<StoredSigningKey> all();

  /** Makes {@code next} the active key and retires the current one at {@code now}, atomically. */
  void rotate(StoredSigningKey next, Instant now);

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
