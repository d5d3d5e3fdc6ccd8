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
    Windows w = windows.getIfPresent(key);
    if (w == null) {
      w = windows.get(key, k -> new Windows());
    }
    // Each key's counters change under that key's own lock: read both windows, decide, count.
    synchronized (w) {
      w.roll(Math.floorDiv(epochSecond, 60), Math.floorDiv(epochSecond, 3600));
      boolean allowed = w.minuteCount < rule.perMinute() && w.hourCount < rule.perHour();
      if (allowed) {
        w.minuteCount++;
        w.hourCount++;
      }
      return RateLimitDecision.fromWindowCounts(
          category, rule, allowed, w.minuteCount, w.hourCount, epochSecond);
    }
  }

  /** The counts of one key's current minute and hour windows; guarded by its own monitor. */
  private static final class Windows {
    private long minute = Long.MIN_VALUE;
    private long hour = Long.MIN_VALUE;
    private int minuteCount;
    private int hourCount;

    void roll(long nowMinute, long nowHour) {
      if (minute != nowMinute) {
        minute = nowMinute;
        minuteCount = 0;
      }
      if (hour != nowHour) {
        hour = nowHour;
        hourCount = 0;
      }
    }
  }
}
