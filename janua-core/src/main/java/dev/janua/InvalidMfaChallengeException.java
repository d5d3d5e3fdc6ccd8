package dev.janua;

/**
 * The sign-in challenge passed to {@code completeMfa} does not work: unknown, malformed, expired,
 * already used, out of attempts, or started by another client. The cases are not told apart and
 * the message never carries the challenge. The user signs in again. HTTP 401.
 */
public final class InvalidMfaChallengeException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The code is {@code invalid_mfa_challenge}. */
  public InvalidMfaChallengeException() {
    super("invalid_mfa_challenge", 401,
        "The sign-in challenge is invalid, expired or used up: sign in again");
  }
}
