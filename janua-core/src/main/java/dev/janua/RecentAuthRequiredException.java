package dev.janua;

import java.time.Duration;

/**
 * The operation needs a recent sign-in ({@code requireRecentAuth}): the principal's session
 * started longer ago than the operation allows. The user signs in again and retries. HTTP 401.
 */
public final class RecentAuthRequiredException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final Duration maxAge;

  /** @param maxAge how recent the sign-in must be */
  public RecentAuthRequiredException(Duration maxAge) {
    super("reauthentication_required", 401, "This needs a sign-in within the last "
        + maxAge.toMinutes() + " minutes: sign in again");
    this.maxAge = maxAge;
  }

  /** How recent the sign-in must be. */
  public Duration maxAge() {
    return maxAge;
  }
}
