package dev.janua;

/**
 * A second-factor code was refused: wrong, outside the accepted window, already used (a replay),
 * or the user has no such factor. The cases are not told apart and the message never carries the
 * code. HTTP 401.
 */
public final class InvalidMfaCodeException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The code is {@code invalid_mfa_code}. */
  public InvalidMfaCodeException() {
    super("invalid_mfa_code", 401, "The code is wrong, expired or already used");
  }
}
