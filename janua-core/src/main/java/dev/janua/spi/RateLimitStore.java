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
}
