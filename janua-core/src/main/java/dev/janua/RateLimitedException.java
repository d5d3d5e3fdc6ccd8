package dev.janua;

import java.util.Objects;

/**
 * Too many requests from one client in a category (code {@code rate_limited}, HTTP 429). The
 * {@link #decision()} carries the numbers for the {@code X-RateLimit-*} and {@code Retry-After}
 * headers.
 */
public final class RateLimitedException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final transient RateLimitDecision decision;

  public RateLimitedException(RateLimitDecision decision) {
    super("rate_limited", 429, "Rate limit exceeded for " + decision.category().code()
        + "; retry after " + decision.retryAfterSeconds() + " s");
    this.decision = Objects.requireNonNull(decision, "decision");
    withRateLimit(decision);
  }

  /** The refusing decision. */
  public RateLimitDecision decision() {
    return decision;
  }

  /** Seconds the client should wait before trying again. */
  public long retryAfterSeconds() {
    return decision.retryAfterSeconds();
  }
}
