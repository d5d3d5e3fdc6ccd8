package dev.janua.internal;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;

/**
 * The sliding-window counter that every {@code RateLimitStore} applies, so that the local and the
 * shared limiter decide and answer alike. Each limit (per minute, per hour) keeps the count of the
 * current fixed window and of the one before; the requests "in the last window" are estimated as
 * {@code previous * (W - elapsed) / W + current}, where {@code elapsed} is the time since the
 * current window began. A request is admitted only when, for both limits, that estimate plus one
 * is at most the limit, i.e. in exact integer arithmetic {@code previous * (W - elapsed) +
 * (current + 1) * W <= limit * W}. A refused request counts nowhere.
 *
 * <p>So a client that spends its whole limit at the end of one window finds it spent at the start
 * of the next, and it comes back gradually as the old window slides out: there is no burst of
 * twice the limit across a window edge. Times are in epoch milliseconds; counts are passed as
 * {@code {minutePrevious, minuteCurrent, hourPrevious, hourCurrent}}.
 */
public final class SlidingWindows {
  /** The per-minute window, in milliseconds. */
  public static final long MINUTE_MS = 60_000;
  /** The per-hour window, in milliseconds. */
  public static final long HOUR_MS = 3_600_000;

  private SlidingWindows() {}

  /** The index of the window of length {@code windowMs} containing {@code nowMs}. */
  public static long index(long nowMs, long windowMs) {
    return Math.floorDiv(nowMs, windowMs);
  }

  /** Whether one more request fits both limits, given the counts before it. */
  public static boolean admits(RateLimitRule rule, long[] counts, long nowMs) {
    return fits(rule.perMinute(), counts[0], counts[1], MINUTE_MS, nowMs)
        && fits(rule.perHour(), counts[2], counts[3], HOUR_MS, nowMs);
  }

  private static boolean fits(long limit, long previous, long current, long w, long nowMs) {
    long elapsed = Math.floorMod(nowMs, w);
    return previous * (w - elapsed) + (current + 1) * w <= limit * w;
  }

  /** Requests that would still be admitted now (floor of limit minus the estimate), may be < 0. */
  static long room(long limit, long previous, long current, long w, long nowMs) {
    long elapsed = Math.floorMod(nowMs, w);
    return Math.floorDiv(limit * w - previous * (w - elapsed) - current * w, w);
  }

  /**
   * Milliseconds from {@code nowMs} until one more request fits, if no other is admitted meanwhile
   * (the estimate only falls as time passes, so this is exact); 0 when one fits now.
   */
  static long waitMs(long limit, long previous, long current, long w, long nowMs) {
    if (fits(limit, previous, current, w, nowMs)) {
      return 0;
    }
    long elapsed = Math.floorMod(nowMs, w);
    if (current + 1 <= limit) {
      // Then previous > 0: wait until previous * (w - e) <= (limit - current - 1) * w.
      long needed = w - Math.floorDiv((limit - current - 1) * w, previous);
      return needed - elapsed;
    }
    // The current window is full: in the next one it becomes the previous (current > 0).
    long needed = w - Math.floorDiv((limit - 1) * w, current);
    return (w - elapsed) + needed;
  }

  /** When the window's counts are entirely forgotten, if no other request is admitted. */
  static long fullResetMs(long previous, long current, long w, long nowMs) {
    long start = index(nowMs, w) * w;
    if (current > 0) {
      return start + 2 * w;
    }
    return previous > 0 ? start + w : nowMs;
  }

  /**
   * The decision for the counts after this request was (or was not) counted: {@code limit},
   * {@code remaining} and {@code reset} describe the limit with fewer requests left (remaining =
   * how many more would be admitted right now; reset = when its counts are entirely forgotten);
   * when refused, {@code retryAfter} is the exact wait until one more request is admitted, rounded
   * up to whole seconds, and limit and reset name the limit that makes the client wait longest.
   */
  public static RateLimitDecision decide(RateLimitCategory category, RateLimitRule rule,
      boolean allowed, long[] counts, long nowMs) {
    long minuteRoom = room(rule.perMinute(), counts[0], counts[1], MINUTE_MS, nowMs);
    long hourRoom = room(rule.perHour(), counts[2], counts[3], HOUR_MS, nowMs);
    long minuteReset = fullResetMs(counts[0], counts[1], MINUTE_MS, nowMs);
    long hourReset = fullResetMs(counts[2], counts[3], HOUR_MS, nowMs);
    boolean hourBinds = hourRoom < minuteRoom;
    int limit = hourBinds ? rule.perHour() : rule.perMinute();
    long reset = hourBinds ? hourReset : minuteReset;
    int remaining = (int) Math.max(0, Math.min(minuteRoom, hourRoom));
    long retryAfter = 0;
    if (!allowed) {
      long minuteWait = waitMs(rule.perMinute(), counts[0], counts[1], MINUTE_MS, nowMs);
      long hourWait = waitMs(rule.perHour(), counts[2], counts[3], HOUR_MS, nowMs);
      if (hourWait > minuteWait) {
        limit = rule.perHour();
        reset = hourReset;
      } else if (minuteWait > 0) {
        limit = rule.perMinute();
        reset = minuteReset;
      }
      retryAfter = Math.max(1, ceilDiv(Math.max(minuteWait, hourWait), 1000));
    }
    return new RateLimitDecision(category, allowed, limit, remaining, ceilDiv(reset, 1000),
        retryAfter);
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
