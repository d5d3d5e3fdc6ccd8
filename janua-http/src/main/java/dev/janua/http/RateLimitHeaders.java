package dev.janua.http;

import dev.janua.RateLimitDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rate-limit response headers of a {@link RateLimitDecision}: {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (epoch seconds) and, when the request
 * was refused, {@code Retry-After} (seconds). A decision that applied no limit (rate limiting off,
 * or a whitelisted client) yields no headers.
 */
public final class RateLimitHeaders {
  /** {@code X-RateLimit-Limit}: the limit of the window that binds. */
  public static final String LIMIT = "X-RateLimit-Limit";
  /** {@code X-RateLimit-Remaining}: requests left in the tighter window. */
  public static final String REMAINING = "X-RateLimit-Remaining";
  /** {@code X-RateLimit-Reset}: when the binding window resets, in epoch seconds. */
  public static final String RESET = "X-RateLimit-Reset";
  /** {@code Retry-After}: seconds to wait, only on a refused request. */
  public static final String RETRY_AFTER = "Retry-After";

  private RateLimitHeaders() {}

  /**
   * The headers to send for a decision, in a stable order.
   *
   * @param decision the limiter's decision, or null for none
   * @return header name to value; empty for null or an unlimited decision
   */
  public static Map<String, String> of(@Nullable RateLimitDecision decision) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (decision == null || !decision.limited()) {
      return headers;
    }
    headers.put(LIMIT, Integer.toString(decision.limit()));
    headers.put(REMAINING, Integer.toString(decision.remaining()));
    headers.put(RESET, Long.toString(decision.resetEpochSeconds()));
    if (!decision.allowed()) {
      headers.put(RETRY_AFTER, Long.toString(Math.max(1, decision.retryAfterSeconds())));
    }
    return headers;
  }
}
