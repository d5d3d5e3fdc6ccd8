package dev.janua;

/**
 * Signin for this account is paused by the per-account throttle (code {@code signin_throttled},
 * HTTP 429): too many failed signins for the account from any address, and the caller presented no
 * valid device token of the account. Refused before any password hashing. An unknown email that
 * failed as often gets exactly the same answer, so the exception tells nothing about whether an
 * account exists; it names neither the email nor the account. Hosts send {@link
 * #retryAfterSeconds()} as {@code Retry-After}.
 */
public final class SigninThrottledException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public SigninThrottledException(long retryAfterSeconds) {
    super("signin_throttled", 429, "Too many failed signins for this account; retry after "
        + Math.max(1, retryAfterSeconds) + " s, or sign in from a device that signed in before");
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** Seconds until the account's lock ends (at least 1). */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
