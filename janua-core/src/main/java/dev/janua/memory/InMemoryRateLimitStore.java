package dev.janua.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.spi.RateLimitStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate-limit counters in this process: exact for one instance, not shared across instances (use
 * janua-redis for that). Counters of clients idle for over an hour are dropped; at most
 * {@code maxClients} keys are kept, evicting the least recently used.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
  private final Cache<String, Windows> windows;

  /** A store keeping up to one million client keys. */
  public InMemoryRateLimitStore() {
    this(1_000_000);
  }

  /** A store keeping up to {@code maxClients} client keys. */
  public InMemoryRateLimitStore(long maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
    }
    this.windows = Caffeine.newBuilder()
        .maximumSize(maxClients)
        .expireAfterAccess(Duration.ofMinutes(61))
        .build();
  }

  @Override
  public RateLimitDecision acquire(String key, RateLimitCategory category, RateLimitRule rule, Instant now) {
    long epochSecond = now.getEpochSecond();
    long minute = Math.floorDiv(epochSecond, 60);
    long hour = Math.floorDiv(epochSecond, 3600);
    RateLimitDecision[] out = new RateLimitDecision[1];
    // compute() runs atomically per key: read both windows, decide, count.
    windows.asMap().compute(key, (k, w) -> {
      Windows cur = w == null ? new Windows(minute, 0, hour, 0) : w.rolled(minute, hour);
      boolean allowed = cur.minuteCount < rule.perMinute() && cur.hourCount < rule.perHour();
      Windows next = allowed
          ? new Windows(minute, cur.minuteCount + 1, hour, cur.hourCount + 1) : cur;
      out[0] = RateLimitDecision.fromWindowCounts(
          category, rule, allowed, next.minuteCount, next.hourCount, epochSecond);
      return next;
    });
    return out[0];
  }

  /** The counts of one key's current minute and hour windows. */
  record Windows(long minute, int minuteCount, long hour, int hourCount) {
    Windows rolled(long nowMinute, long nowHour) {
      return new Windows(nowMinute, minute == nowMinute ? minuteCount : 0,
          nowHour, hour == nowHour ? hourCount : 0);
    }
  }
}
