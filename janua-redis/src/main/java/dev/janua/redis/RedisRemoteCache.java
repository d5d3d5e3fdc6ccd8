package dev.janua.redis;

import dev.janua.cache.RemoteCache;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RedisConnector;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared L2 tier on Redis. Values are stored as the bytes given (the tiered cache owns their
 * encoding) under {@code <prefix>cache:<key>} with a millisecond expiry ({@code SET ... PX}).
 * {@link #deleteByPrefix(String)} walks the keyspace with {@code SCAN MATCH} and removes matches
 * with {@code UNLINK} in batches, on every master of a Cluster; it never uses {@code KEYS}.
 *
 * <p>Every method throws Lettuce's unchecked {@code RedisException} when Redis fails or times out;
 * the tiered cache counts those in its circuit breaker. Thread-safe.
 */
public final class RedisRemoteCache implements RemoteCache {
  /** Keys removed per UNLINK (and the SCAN COUNT hint). */
  static final int BATCH = 500;

  private final RedisConnector connector;
  private final String namespace;

  RedisRemoteCache(RedisConnector connector, String keyPrefix) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.namespace = Objects.requireNonNull(keyPrefix, "keyPrefix") + "cache:";
  }

  /** The full Redis key of a cache key, e.g. {@code janua:cache:user:42}. */
  public String redisKey(String key) {
    return namespace + Objects.requireNonNull(key, "key");
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(connector.sync().get(KeyCodec.utf8(redisKey(key))));
  }

  /**
   * Stores the value for {@code ttl}.
   *
   * @throws IllegalArgumentException when {@code ttl} is shorter than one millisecond
   */
  @Override
  public void put(String key, byte[] value, Duration ttl) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    long millis = ttl.toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
    }
    connector.sync().set(KeyCodec.utf8(redisKey(key)), value, SetArgs.Builder.px(millis));
  }

  @Override
  public void delete(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return;
    }
    byte[][] raw = new byte[keys.size()][];
    int i = 0;
    for (String k : keys) {
      raw[i++] = KeyCodec.utf8(redisKey(k));
    }
    // On a Cluster, Lettuce splits a multi-key UNLINK by slot.
    for (int from = 0; from < raw.length; from += BATCH) {
      int to = Math.min(raw.length, from + BATCH);
      byte[][] batch = new byte[to - from][];
      System.arraycopy(raw, from, batch, 0, batch.length);
      connector.sync().unlink(batch);
    }
  }

  @Override
  public long deleteByPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String pattern = KeyCodec.escapeGlob(namespace + prefix) + "*";
    return connector.scanAndUnlink(KeyCodec.utf8(pattern), BATCH);
  }

  /** Whether the client holds open connections to Redis (for the cache stats' "L2 connected"). */
  public boolean connected() {
    return connector.isConnected();
  }
}
