package dev.janua.spi;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import java.time.Instant;

/**
 * Counts requests per key and decides atomically, with the sliding-window counter of {@code
 * dev.janua.internal.SlidingWindows}: for each limit (per minute, per hour) the counts of the
 * current and the previous fixed window, the previous one weighted by the part of it still inside
 * the sliding window. A request is admitted, and counted for both limits, only when both have
 * room; a refused request counts nowhere, so a client that stops retrying regains its budget as
 * the window slides. There is no burst of twice the limit across a window edge. {@code
 * dev.janua.memory.InMemoryRateLimitStore} is the local implementation; janua-redis shares
 * counts across instances with the same arithmetic in one Lua script.
 *
 * <p>The same store keeps the failure locks of the per-account signin throttle ({@link
 * #recordFailure}, {@link #lockedUntil}), under keys of their own.
 */
public interface RateLimitStore {

  /**
   * Decides one request.
   *
   * @param key      the client key, already including the category (e.g.
   *                 {@code authentication:203.0.113.9})
   * @param category the category, echoed in the decision
   * @param rule     the limits
   * @param now      the current time
   */
  RateLimitDecision acquire(String key, RateLimitCategory category, RateLimitRule rule, Instant now);

  /**
   * Decides one request like {@link #acquire} but counts nothing: whether one more would be
   * admitted now, with the same numbers. The engine checks signin's budget this way and counts
   * only failed signins ({@link #acquire} after the failure).
   */
  RateLimitDecision peek(String key, RateLimitCategory category, RateLimitRule rule, Instant now);

  /**
   * Counts one failure against a key of the failure lock ({@code dev.janua.internal.FailureLocks}:
   * the per-account signin throttle) and answers the end of the key's lock after it, in epoch
   * milliseconds, or 0 when the key is not locked. One atomic step (one round trip when shared).
   *
   * @param key  the key, already naming its kind (e.g. {@code signin:<digest>}); never an email
   *             or another personal value in clear
   * @param rule the lock's numbers
   * @param now  the current time
   */
  long recordFailure(String key, FailureLockRule rule, Instant now);

  /**
   * The end of the key's failure lock, in epoch milliseconds, or 0 when it is not locked at {@code
   * now}. Counts nothing.
   */
  long lockedUntil(String key, Instant now);
}
