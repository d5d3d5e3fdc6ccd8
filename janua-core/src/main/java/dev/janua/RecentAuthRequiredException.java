package dev.janua;

import java.time.Duration;

/**
 * The operation needs a recent sign-in ({@code requireRecentAuth}): the principal authenticated
 * longer ago than the operation allows, or, for a user with a second factor, without proving it
 * ({@link #secondFactor()}). The user signs in again, or steps up ({@link Mfa#stepUp}), and
 * retries. HTTP 401.
 */
public final class RecentAuthRequiredException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final Duration maxAge;

  private final boolean secondFactor;

  /** @param maxAge how recent the sign-in must be */
  public RecentAuthRequiredException(Duration maxAge) {
    this(maxAge, false);
  }

  /**
   * @param maxAge       how recent the sign-in must be
   * @param secondFactor whether it was refused because the user has a second factor that the
   *     sign-in did not prove
   */
  public RecentAuthRequiredException(Duration maxAge, boolean secondFactor) {
    super("reauthentication_required", 401, secondFactor
        ? "This needs a recent sign-in with the second factor: prove it again (step-up)"
        : "This needs a sign-in within the last " + maxAge.toMinutes()
            + " minutes: sign in again");
    this.maxAge = maxAge;
    this.secondFactor = secondFactor;
  }

  /**
   * Whether the sign-in was recent enough but did not prove the user's second factor: {@code
   * engine.mfa().stepUp(...)} with a code or passkey mends it.
   */
  public boolean secondFactor() {
    return secondFactor;
  }

  /** How recent the sign-in must be. */
  public Duration maxAge() {
    return maxAge;
  }
}
