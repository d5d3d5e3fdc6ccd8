package dev.janua;

/**
 * One rate-limit answer, with what a host needs for the response headers: {@code
 * X-RateLimit-Limit} = {@link #limit()}, {@code X-RateLimit-Remaining} = {@link #remaining()},
 * {@code X-RateLimit-Reset} = {@link #resetEpochSeconds()}, and when refused {@code Retry-After}
 * = {@link #retryAfterSeconds()}. The numbers describe whichever limit (per minute or per hour)
 * binds tighter, under the sliding-window counter every store applies (see {@link
 * dev.janua.spi.RateLimitStore}).
 *
 * @param category          the category decided for
 * @param allowed           whether the request may go ahead
 * @param limit             the binding window's limit, or -1 when unlimited (whitelisted/disabled)
 * @param remaining         requests that would still be admitted right now, after this one
 * @param resetEpochSeconds when the binding limit is whole again if no further request is
 *                          admitted (epoch seconds), 0 when unlimited
 * @param retryAfterSeconds when refused, the exact wait (rounded up to whole seconds) until a
 *                          request is admitted if no other is meanwhile; else 0
 */
public record RateLimitDecision(
    RateLimitCategory category,
    boolean allowed,
    int limit,
    int remaining,
    long resetEpochSeconds,
    long retryAfterSeconds) {

  /** An allowing decision that imposes no limit (whitelisted client, or limiting disabled). */
  public static RateLimitDecision unlimited(RateLimitCategory category) {
    return new RateLimitDecision(category, true, -1, -1, 0, 0);
  }

  /** Whether a limit applied; {@code false} for whitelisted clients and disabled limiting. */
  public boolean limited() {
    return limit >= 0;
  }
}
