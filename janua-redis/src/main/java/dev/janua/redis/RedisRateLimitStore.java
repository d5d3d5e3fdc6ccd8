package dev.janua.redis;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.cache.BreakerState;
import dev.janua.internal.FailureLocks;
import dev.janua.internal.SlidingWindows;
import dev.janua.redis.internal.FailureLockScript;
import dev.janua.redis.internal.RateLimitScript;
import dev.janua.redis.internal.RedisConnector;
import dev.janua.spi.FailureLockRule;
import dev.janua.spi.RateLimitStore;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit counters shared by every instance through Redis. Each decision is ONE round trip: a
 * Lua script that applies the sliding-window counter (the previous and the current window of the
 * minute and of the hour; see {@link dev.janua.spi.RateLimitStore}), admits only when both limits
 * have room, increments the current counters (with expiries) and returns the four counts, from
 * which the answer is built by the same code as in {@link
 * dev.janua.memory.InMemoryRateLimitStore}: both decide and answer alike. The windows are those of
 * the {@code now} passed in (the engine's clock, in milliseconds), not of the Redis server's clock.
 * Exact under any concurrency: Redis runs scripts one at a time, and all four keys share a hash tag
 * so the script also runs on Redis Cluster.
 *
 * <p>When Redis fails (error, timeout, not connected), the decision falls back per category (see
 * {@link RedisRateLimitConfig}): {@link RateLimitFallback#OPEN} asks a local in-memory limiter,
 * {@link RateLimitFallback#CLOSED} refuses. A Failsafe circuit breaker counts the failures; while
 * it is open Redis is not tried at all, so a dead Redis costs no timeout per request. The breaker
 * does not wait out its whole delay after a lost connection comes back: when it saw the client
 * disconnected while open and then sees every connection open again (Lettuce reconnected, e.g. to
 * the master a Sentinel failover promoted), the next decision is a trial at once (one trial per
 * reconnect; a Redis that answers slowly on open connections still waits the full delay). Never
 * throws because of Redis. Thread-safe.
 *
 * <p>The failure locks of the per-account signin throttle ({@link #recordFailure}, {@link
 * #lockedUntil}) live here too, one Redis hash per key (see {@code FailureLockScript}), each
 * operation one round trip; when Redis fails they are kept in the local store.
 */
public final class RedisRateLimitStore implements RateLimitStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimitStore.class);

  /**
   * One shared-counter decision: {admitted 1/0, minute previous, minute current, hour previous,
   * hour current}, the current counts including this request when admitted.
   */
  @FunctionalInterface
  interface Backend {
    long[] run(String key, int perMinute, int perHour, long epochMs);

    /** Like {@link #run} without counting: same reply. */
    default long[] peek(String key, int perMinute, int perHour, long epochMs) {
      throw new UnsupportedOperationException("peek");
    }

    /** Counts a failure of a lock key: {failures, locked until, forgotten at}. */
    default long[] fail(String key, FailureLockRule rule, long epochMs) {
      throw new UnsupportedOperationException("fail");
    }

    /** Reads a lock key: {locked until, forgotten at}. */
    default long[] lock(String key) {
      throw new UnsupportedOperationException("lock");
    }
  }

  private final Backend backend;
  private final RedisRateLimitConfig config;
  private final RateLimitStore local;
  private final BooleanSupplier connected;
  private final CircuitBreaker<long[]> breaker;
  private final FailsafeExecutor<long[]> guarded;
  private final AtomicLong fallbacks = new AtomicLong();
  /** Set when the client was seen disconnected while the breaker was open. */
  private final AtomicBoolean sawDisconnected = new AtomicBoolean();

  RedisRateLimitStore(RedisConnector connector, String keyPrefix, RedisRateLimitConfig config) {
    this(scriptBackend(connector, keyPrefix), connector::isConnected, config);
  }

  /** A store whose breaker only ever waits out its delay (the connection state is unknown). */
  RedisRateLimitStore(Backend backend, RedisRateLimitConfig config) {
    this(backend, () -> true, config);
  }

  /**
   * A store over {@code backend}; {@code connected} tells whether every connection to Redis is
   * open (see the class comment).
   */
  RedisRateLimitStore(Backend backend, BooleanSupplier connected, RedisRateLimitConfig config) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.connected = Objects.requireNonNull(connected, "connected");
    this.config = Objects.requireNonNull(config, "config");
    this.local = Objects.requireNonNull(config.localStore().get(), "localStore");
    this.breaker = CircuitBreaker.<long[]>builder()
        .withFailureThreshold(config.failureThreshold())
        .withDelay(config.recoveryDelay())
        .withSuccessThreshold(1)
        .onOpen(e -> LOG.warn("Redis rate limiting unavailable: circuit breaker open for {}; "
            + "deciding locally (fallback per category)", config.recoveryDelay()))
        .onHalfOpen(e -> LOG.info("Redis rate limiting: circuit breaker half-open, trying Redis"))
        .onClose(e -> {
          sawDisconnected.set(false);
          LOG.info("Redis rate limiting restored: circuit breaker closed");
        })
        .build();
    this.guarded = Failsafe.with(breaker);
  }

  private static Backend scriptBackend(RedisConnector connector, String keyPrefix) {
    Objects.requireNonNull(connector, "connector");
    RateLimitScript script = new RateLimitScript(keyPrefix);
    FailureLockScript locks = new FailureLockScript(keyPrefix);
    return new Backend() {
      @Override
      public long[] run(String key, int perMinute, int perHour, long epochMs) {
        return script.run(connector.sync(), key, perMinute, perHour, epochMs, true);
      }

      @Override
      public long[] peek(String key, int perMinute, int perHour, long epochMs) {
        return script.run(connector.sync(), key, perMinute, perHour, epochMs, false);
      }

      @Override
      public long[] fail(String key, FailureLockRule rule, long epochMs) {
        return locks.fail(connector.sync(), key, rule, epochMs);
      }

      @Override
      public long[] lock(String key) {
        return locks.read(connector.sync(), key);
      }
    };
  }

  /**
   * Decides one request against the shared counters, or the fallback when Redis fails.
   *
   * @throws NullPointerException     when an argument is null
   * @throws IllegalArgumentException when {@code key} is empty
   */
  @Override
  public RateLimitDecision acquire(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now) {
    return decide(key, category, rule, now, true);
  }

  /**
   * Decides one request without counting it (one round trip, the same script), or asks the
   * fallback (a local store's peek; CLOSED refuses) when Redis fails.
   */
  @Override
  public RateLimitDecision peek(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now) {
    return decide(key, category, rule, now, false);
  }

  /**
   * Counts a failure against a lock key in one round trip; when Redis fails, in the local store
   * (whatever the category fallback: a failure lock only ever refuses, it never admits).
   */
  @Override
  public long recordFailure(String key, FailureLockRule rule, Instant now) {
    Objects.requireNonNull(rule, "rule");
    checkKey(key, now);
    long epochMs = now.toEpochMilli();
    try {
      long[] state = guarded.get(() -> backend.fail(key, rule, epochMs));
      return FailureLocks.lockedUntil(state[1], state[2], epochMs);
    } catch (RuntimeException e) {
      LOG.debug("Redis failure lock failed ({}); counting locally", e.getClass().getSimpleName());
      fallbacks.incrementAndGet();
      return local.recordFailure(key, rule, now);
    }
  }

  /**
   * Reads a lock key in one round trip (HMGET); when Redis fails, the local store's lock (kept by
   * the failures counted locally meanwhile).
   */
  @Override
  public long lockedUntil(String key, Instant now) {
    checkKey(key, now);
    long epochMs = now.toEpochMilli();
    try {
      long[] state = guarded.get(() -> backend.lock(key));
      return FailureLocks.lockedUntil(state[0], state[1], epochMs);
    } catch (RuntimeException e) {
      LOG.debug("Redis failure lock read failed ({}); reading locally",
          e.getClass().getSimpleName());
      fallbacks.incrementAndGet();
      return local.lockedUntil(key, now);
    }
  }

  private static void checkKey(String key, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  private RateLimitDecision decide(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now, boolean count) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(now, "now");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    long epochMs = now.toEpochMilli();
    if (breaker.isOpen()) {
      tryAgainAfterReconnect();
    }
    long[] reply;
    try {
      reply = guarded.get(() -> count
          ? backend.run(key, rule.perMinute(), rule.perHour(), epochMs)
          : backend.peek(key, rule.perMinute(), rule.perHour(), epochMs));
    } catch (RuntimeException e) {
      // CircuitBreakerOpenException, a Lettuce RedisException, or anything else from the backend.
      LOG.debug("Redis rate limiting failed ({}); falling back", e.getClass().getSimpleName());
      if (breaker.isOpen() && !connected.getAsBoolean()) {
        sawDisconnected.set(true); // even if no decision comes while the client is disconnected
      }
      return fallback(key, category, rule, now, count);
    }
    return SlidingWindows.decide(category, rule, reply[0] == 1,
        new long[] {reply[1], reply[2], reply[3], reply[4]}, epochMs);
  }

  /**
   * While the breaker is open: remembers a disconnected client, and half-opens the breaker once
   * every connection is open again, so the next decision tries Redis without waiting out the
   * delay.
   */
  private void tryAgainAfterReconnect() {
    if (!connected.getAsBoolean()) {
      sawDisconnected.set(true);
    } else if (sawDisconnected.compareAndSet(true, false) && breaker.isOpen()) {
      LOG.info("Redis rate limiting: reconnected to Redis, trying it before the breaker's delay "
          + "ends");
      breaker.halfOpen();
    }
  }

  private RateLimitDecision fallback(String key, RateLimitCategory category, RateLimitRule rule,
      Instant now, boolean count) {
    fallbacks.incrementAndGet();
    if (config.fallback(category) == RateLimitFallback.CLOSED) {
      // Refused until the minute turns, when the breaker may have let Redis back in.
      long nextMinute = (Math.floorDiv(now.getEpochSecond(), 60) + 1) * 60;
      return new RateLimitDecision(category, false, rule.perMinute(), 0, nextMinute,
          nextMinute - now.getEpochSecond());
    }
    return count ? local.acquire(key, category, rule, now) : local.peek(key, category, rule, now);
  }

  /** The circuit breaker's state: CLOSED while Redis decides, OPEN/HALF_OPEN while it does not. */
  public BreakerState circuitState() {
    return switch (breaker.getState()) {
      case CLOSED -> BreakerState.CLOSED;
      case OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
    };
  }

  /** Whether decisions currently go to Redis (the breaker is closed). */
  public boolean usingRedis() {
    return breaker.isClosed();
  }

  /** How many decisions were taken by the fallback since start. */
  public long fallbackDecisions() {
    return fallbacks.get();
  }

  /** The configuration. */
  public RedisRateLimitConfig config() {
    return config;
  }
}
