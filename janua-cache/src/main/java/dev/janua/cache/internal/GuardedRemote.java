package dev.janua.cache.internal;

import dev.failsafe.CircuitBreaker;
import dev.janua.cache.BreakerState;
import dev.janua.cache.RemoteCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier behind a Failsafe circuit breaker. While the circuit is open, reads are misses and
 * writes are skipped; no call ever throws. Deletes that could not reach the shared tier (circuit
 * open, or the call failed) are remembered, up to a bound, and replayed before any other call once
 * the tier answers again, so a value invalidated during an outage is not served from it afterwards.
 * Log lines name keys' count and the failure's type only: never a value or a connection string.
 */
public final class GuardedRemote {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedRemote.class);

  /** Most pending deletes remembered during an outage. */
  public static final int MAX_PENDING = 100_000;

  private final RemoteCache remote;
  private final CircuitBreaker<Object> breaker;
  private final Object pendingLock = new Object();
  private final Set<String> pendingKeys = new LinkedHashSet<>();
  private final Set<String> pendingPrefixes = new LinkedHashSet<>();
  private volatile boolean pending;
  private volatile boolean overflowed;

  /**
   * @param remote           the shared tier
   * @param failureThreshold consecutive failures that open the circuit
   * @param delay            how long the circuit stays open before a trial call
   */
  public GuardedRemote(RemoteCache remote, int failureThreshold, Duration delay) {
    this.remote = Objects.requireNonNull(remote, "remote");
    this.breaker = CircuitBreaker.builder()
        .withFailureThreshold(failureThreshold)
        .withDelay(delay)
        .onOpen(e -> LOG.warn("L2 cache circuit OPEN after {} consecutive failure(s): reads are "
            + "misses and writes are skipped for {}", failureThreshold, delay))
        .onHalfOpen(e -> LOG.info("L2 cache circuit HALF-OPEN: trying the shared tier again"))
        .onClose(e -> LOG.info("L2 cache circuit CLOSED: the shared tier answers again"))
        .build();
  }

  /** Whether the circuit is closed (the shared tier is in use). */
  public boolean isClosed() {
    return breaker.isClosed();
  }

  /** Whether the circuit is open (the shared tier is skipped). */
  public boolean isOpen() {
    return breaker.isOpen();
  }

  /** The circuit's state, in Janua's own terms. */
  public BreakerState state() {
    return switch (breaker.getState()) {
      case CLOSED -> BreakerState.CLOSED;
      case OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
    };
  }

  /** The value under {@code key}, or empty when absent, failing or the circuit is open. */
  public Optional<byte[]> get(String key) {
    if (!acquire()) {
      return Optional.empty();
    }
    try {
      Optional<byte[]> value = remote.get(key);
      breaker.recordSuccess();
      return value == null ? Optional.empty() : value;
    } catch (RuntimeException e) {
      failed("get", e);
      return Optional.empty();
    }
  }

  /** Stores a value; skipped when the circuit is open. */
  public void put(String key, byte[] value, Duration ttl) {
    if (!acquire()) {
      return;
    }
    try {
      remote.put(key, value, ttl);
      breaker.recordSuccess();
    } catch (RuntimeException e) {
      failed("put", e);
    }
  }

  /** Deletes keys and prefixes; remembered for later when the tier cannot be reached now. */
  public void delete(Collection<String> keys, Collection<String> prefixes) {
    if (keys.isEmpty() && prefixes.isEmpty()) {
      return;
    }
    if (!acquire()) {
      remember(keys, prefixes);
      return;
    }
    if (!tryDelete(keys, prefixes)) {
      remember(keys, prefixes);
    }
  }

  private boolean tryDelete(Collection<String> keys, Collection<String> prefixes) {
    try {
      if (!keys.isEmpty()) {
        remote.delete(keys);
      }
      for (String prefix : prefixes) {
        remote.deleteByPrefix(prefix);
      }
      breaker.recordSuccess();
      return true;
    } catch (RuntimeException e) {
      failed("delete", e);
      return false;
    }
  }

  /** Acquires a permit, first replaying the deletes an outage held back. */
  private boolean acquire() {
    if (!breaker.tryAcquirePermit()) {
      return false;
    }
    if (!pending) {
      return true;
    }
    List<String> keys;
    List<String> prefixes;
    boolean lost;
    synchronized (pendingLock) {
      keys = new ArrayList<>(pendingKeys);
      prefixes = new ArrayList<>(pendingPrefixes);
      lost = overflowed;
      pendingKeys.clear();
      pendingPrefixes.clear();
      pending = false;
      overflowed = false;
    }
    if (lost) {
      LOG.warn("more than {} L2 invalidations were held back during the outage; the newest were "
          + "dropped and expire by their time to live", MAX_PENDING);
    }
    if (keys.isEmpty() && prefixes.isEmpty()) {
      return true;
    }
    if (tryDelete(keys, prefixes)) {
      LOG.info("replayed {} key and {} prefix invalidation(s) held back while L2 was unreachable",
          keys.size(), prefixes.size());
      // the permit was spent on the replay
      return breaker.tryAcquirePermit();
    }
    remember(keys, prefixes);
    return false;
  }

  private void remember(Collection<String> keys, Collection<String> prefixes) {
    synchronized (pendingLock) {
      for (String k : keys) {
        if (pendingKeys.size() + pendingPrefixes.size() >= MAX_PENDING) {
          overflowed = true;
          break;
        }
        pendingKeys.add(k);
      }
      pendingPrefixes.addAll(prefixes);
      pending = true;
    }
  }

  /** How many deletes are held back now (for tests and diagnostics). */
  public int pendingCount() {
    synchronized (pendingLock) {
      return pendingKeys.size() + pendingPrefixes.size();
    }
  }

  private void failed(String operation, RuntimeException e) {
    breaker.recordFailure();
    // the exception's message may carry a host name or worse: log its type only
    LOG.debug("L2 cache {} failed: {}", operation, e.getClass().getName());
  }
}
