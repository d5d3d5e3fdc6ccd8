package dev.janua.spi;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import java.time.Instant;

/**
 * Counts requests per key in two fixed windows (the calendar minute and the calendar hour that
 * contain {@code now}) and decides atomically. A request is admitted, and counted in both windows,
 * only when both have room; a refused request counts in neither, so a client that stops retrying
 * is free again when the binding window resets. {@code dev.janua.memory.InMemoryRateLimitStore}
 * is the local implementation; janua-redis shares counts across instances.
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
