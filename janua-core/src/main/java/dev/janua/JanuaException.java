package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * The root of every failure Janua reports to a caller. Each carries a stable machine-readable
 * {@link #code()} (for example {@code invalid_credentials}) and the HTTP status a host should
 * answer with. Messages name what was wrong but never contain a password, token or key.
 */
public class JanuaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;
  private transient @Nullable RateLimitDecision rateLimit;

  /**
   * @param code       the stable machine code
   * @param httpStatus the suggested HTTP status
   * @param message    a human-readable message without secrets
   */
  public JanuaException(String code, int httpStatus, String message) {
    this(code, httpStatus, message, null);
  }

  /**
   * @param code       the stable machine code
   * @param httpStatus the suggested HTTP status
   * @param message    a human-readable message without secrets
   * @param cause      the underlying failure, or {@code null}
   */
  public JanuaException(String code, int httpStatus, String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The stable machine-readable code, e.g. {@code "rate_limited"}. */
  public String code() {
    return code;
  }

  /** The HTTP status a host should answer with. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The rate-limit decision that admitted the call before it failed, for the {@code X-RateLimit-*}
   * headers of the error response: set on failures of signup, signin and refresh; empty elsewhere.
   */
  public java.util.Optional<RateLimitDecision> rateLimit() {
    return java.util.Optional.ofNullable(rateLimit);
  }

  /** Attaches the decision that admitted the failed call (the engine does this). */
  JanuaException withRateLimit(RateLimitDecision decision) {
    if (rateLimit == null) {
      rateLimit = decision;
    }
    return this;
  }
}
