package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.janua.cache.internal.GuardedRemote;
import dev.janua.cache.internal.ValueCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier (L2) of a {@link TieredCache}: a {@link RemoteCache} behind the circuit breaker,
 * values encoded by {@link ValueCodec}, and the keys this instance wrote to it recently, so that a
 * fill which landed just after another instance's delete can be undone when that instance's
 * message arrives.
 */
final class SharedTier {
  private static final Logger LOG = LoggerFactory.getLogger(SharedTier.class);
  /** How long a fill of ours is remembered for undoing. */
  private static final Duration RECENT_PUT_WINDOW = Duration.ofSeconds(10);
  private static final long MAX_RECENT_PUTS = 100_000;

  private final GuardedRemote remote;
  private final Cache<String, Boolean> recentPuts;

  SharedTier(RemoteCache remote, CachePolicy policy, Ticker ticker) {
    this.remote = new GuardedRemote(remote, policy.failureThreshold(), policy.breakerDelay());
    this.recentPuts = Caffeine.newBuilder()
        .maximumSize(MAX_RECENT_PUTS)
        .expireAfterWrite(RECENT_PUT_WINDOW)
        .ticker(ticker)
        .build();
  }

  /** The decoded value under {@code key}, or {@code null} (absent, undecodable, or unreachable). */
  @Nullable Object read(String key) {
    Optional<byte[]> bytes = remote.get(key);
    return bytes.isPresent() ? decode(bytes.get()) : null;
  }

  /**
   * Writes a value for {@code ttlNanos}, if the codec can encode it.
   *
   * @return whether it was written (or attempted: the breaker may have skipped it)
   */
  boolean put(String key, Object value, long ttlNanos) {
    if (!ValueCodec.supports(value)) {
      return false;
    }
    recentPuts.put(key, Boolean.TRUE);
    remote.put(key, ValueCodec.encode(value), Duration.ofNanos(ttlNanos));
    return true;
  }

  /** Deletes keys and prefixes (held back while the tier cannot be reached). */
  void delete(List<String> keys, List<String> prefixes) {
    remote.delete(keys, prefixes);
  }

  /**
   * Another instance dropped these keys and prefixes: deletes again the ones this instance filled
   * recently, in case the fill landed after that instance's delete.
   */
  void undoRecentFills(List<String> keys, List<String> prefixes) {
    List<String> ours = new ArrayList<>();
    for (String k : keys) {
      if (recentPuts.getIfPresent(k) != null) {
        ours.add(k);
      }
    }
    if (!prefixes.isEmpty()) {
      for (String k : recentPuts.asMap().keySet()) {
        if (Prefixes.startsWithAny(k, prefixes)) {
          ours.add(k);
        }
      }
    }
    if (!ours.isEmpty()) {
      remote.delete(ours, List.of());
    }
  }

  boolean isClosed() {
    return remote.isClosed();
  }

  BreakerState state() {
    return remote.state();
  }

  /** Forgets the recent fills (on close). */
  void clear() {
    recentPuts.invalidateAll();
  }

  private static @Nullable Object decode(byte[] bytes) {
    try {
      return ValueCodec.decode(bytes);
    } catch (RuntimeException e) {
      LOG.debug("undecodable L2 cache value treated as a miss: {}", e.getClass().getName());
      return null;
    }
  }
}
