package dev.janua;

/**
 * One rate-limit answer, with what a host needs for the response headers: {@code
 * X-RateLimit-Limit} = {@link #limit()}, {@code X-RateLimit-Remaining} = {@link #remaining()},
 * {@code X-RateLimit-Reset} = {@link #resetEpochSeconds()}, and when refused {@code Retry-After}
 * = {@link #retryAfterSeconds()}. The numbers describe whichever window (minute or hour) binds
 * tighter.
 *
 * @param category          the category decided for
 * @param allowed           whether the request may go ahead
 * @param limit             the binding window's limit, or -1 when unlimited (whitelisted/disabled)
 * @param remaining         requests left in the binding window after this one
 * @param resetEpochSeconds when the binding window resets (epoch seconds), 0 when unlimited
 * @param retryAfterSeconds when refused, seconds until a request can succeed; else 0
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

  /**
   * The decision for counts of the fixed calendar minute and hour containing {@code epochSecond},
   * taken after this request was (or was not) counted. Every {@code RateLimitStore} uses this so
   * that local and shared limiters answer alike: the binding window is the one with fewer requests
   * left; a refusal waits until every exhausted window has reset.
   *
   * @param category    the category
   * @param rule        its limits
   * @param allowed     whether the request was admitted
   * @param minuteCount requests counted in the current minute window
   * @param hourCount   requests counted in the current hour window
   * @param epochSecond now, in epoch seconds
   */
  public static RateLimitDecision fromWindowCounts(RateLimitCategory category, RateLimitRule rule,
      boolean allowed, long minuteCount, long hourCount, long epochSecond) {
    long minuteReset = (Math.floorDiv(epochSecond, 60) + 1) * 60;
    long hourReset = (Math.floorDiv(epochSecond, 3600) + 1) * 3600;
    long minuteLeft = rule.perMinute() - minuteCount;
    long hourLeft = rule.perHour() - hourCount;
    boolean hourBinds = hourLeft < minuteLeft;
    int limit = hourBinds ? rule.perHour() : rule.perMinute();
    long reset = hourBinds ? hourReset : minuteReset;
    int remaining = (int) Math.max(0, Math.min(minuteLeft, hourLeft));
    long retryAfter = 0;
    if (!allowed) {
      long until = 0;
      if (minuteLeft <= 0) {
        until = minuteReset;
      }
      if (hourLeft <= 0) {
        until = hourReset;
        reset = hourReset;
        limit = rule.perHour();
      }
      retryAfter = Math.max(1, until - epochSecond);
    }
    return new RateLimitDecision(category, allowed, limit, remaining, reset, retryAfter);
  }
}
