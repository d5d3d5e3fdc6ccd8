package dev.janua;

/**
 * Signin refused because the account's email is not verified and {@code REQUIRE_VERIFIED_EMAIL}
 * is on (code {@code email_not_verified}, HTTP 403). Thrown only after the password was found
 * right, so it tells nothing to someone who does not know the password.
 */
public final class EmailNotVerifiedException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The refusal. */
  public EmailNotVerifiedException() {
    super("email_not_verified", 403,
        "Verify your email address first: follow the link we sent, or ask for a new one");
  }
}
