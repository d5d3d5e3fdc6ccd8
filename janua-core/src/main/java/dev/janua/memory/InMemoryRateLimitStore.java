package dev.janua.memory;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.spi.RateLimitStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rate-limit counters in this process: exact for one instance, not shared across instances (use
 * janua-redis for that). A plain concurrent map, because a decision runs on every request: every
 * 4096 new clients, and whenever the map holds more than {@code maxClients} keys, counters whose
 * hour window has passed are swept out (they could not limit anything any more). If more than
 * {@code maxClients} clients are active within one hour, the oldest-hour counters go first and,
 * failing that, the sweep clears the map: memory stays bounded at the price of forgetting counts.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
  private static final int SWEEP_EVERY = 4096;

  private final ConcurrentHashMap<String, Windows> windows = new ConcurrentHashMap<>();
  private final long maxClients;
  private final AtomicInteger newClients = new AtomicInteger();

  /** A store keeping up to one million client keys. */
  public InMemoryRateLimitStore() {
    this(1_000_000);
  }

  /** A store keeping up to {@code maxClients} client keys. */
  public InMemoryRateLimitStore(long maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
    }
    this.maxClients = maxClients;
  }

  @Override
  public RateLimitDecision acquire(String key, RateLimitCategory category, RateLimitRule rule, Instant now) {
    long epochSecond = now.getEpochSecond();
    long hour = Math.floorDiv(epochSecond, 3600);
    Windows w = windows.get(key);
    if (w == null) {
      long minute = Math.floorDiv(epochSecond, 60);
      w = windows.computeIfAbsent(key, k -> new Windows(minute, hour));
      if (newClients.incrementAndGet() % SWEEP_EVERY == 0 || windows.size() > maxClients) {
        sweep(hour);
      }
    }
    // Each key's counters change under that key's own lock: read both windows, decide, count.
    synchronized (w) {
      w.roll(Math.floorDiv(epochSecond, 60), hour);
      boolean allowed = w.minuteCount < rule.perMinute() && w.hourCount < rule.perHour();
      if (allowed) {
        w.minuteCount++;
        w.hourCount++;
      }
      return RateLimitDecision.fromWindowCounts(
          category, rule, allowed, w.minuteCount, w.hourCount, epochSecond);
    }
  }

  /** How many client keys are held now. */
  public int size() {
    return windows.size();
  }

  private void sweep(long currentHour) {
    windows.values().removeIf(w -> w.hourOf() < currentHour);
    if (windows.size() > maxClients) {
      windows.clear();
    }
  }

  /** The counts of one key's current minute and hour windows; guarded by its own monitor. */
  private static final class Windows {
    private long minute;
    private long hour;
    private int minuteCount;
    private int hourCount;

    Windows(long minute, long hour) {
      this.minute = minute;
      this.hour = hour;
    }

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

    synchronized long hourOf() {
      return hour;
    }
  }
}
