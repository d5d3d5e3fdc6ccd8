package dev.janua.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The shared second tier (L2) of the tiered cache: janua-redis implements it over Redis. Values
 * are opaque bytes (the tiered cache owns their encoding); keys arrive without the implementation's
 * namespace prefix, which the implementation adds. Every method may throw a runtime exception when
 * the backend fails: the tiered cache counts those in its circuit breaker and carries on without L2.
 */
public interface RemoteCache {

  /** The value under {@code key}, or empty when absent or expired. */
  Optional<byte[]> get(String key);

  /** Stores {@code value} under {@code key} for {@code ttl}. */
  void put(String key, byte[] value, Duration ttl);

  /** Removes these keys (absent keys are ignored). */
  void delete(Collection<String> keys);

  /**
   * Removes every key starting with {@code prefix}, without Redis {@code KEYS} (use {@code SCAN} or
   * a key index).
   *
   * @return how many keys were removed
   */
  long deleteByPrefix(String prefix);
}
