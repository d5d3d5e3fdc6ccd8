package dev.janua;

/**
 * A password reset, email verification or email change link was refused: unknown, used already,
 * superseded by a newer link, or expired all look exactly like this (code {@code
 * invalid_account_token}, HTTP 400), so a caller learns nothing about which. The user asks for a
 * new link.
 */
public final class InvalidAccountTokenException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The one refusal of every account link. */
  public InvalidAccountTokenException() {
    super("invalid_account_token", 400,
        "This link is invalid, used or expired; ask for a new one");
  }
}
