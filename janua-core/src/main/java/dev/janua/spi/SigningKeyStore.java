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
}
