package dev.janua;

/**
 * Signin failed: unknown email, wrong password and disabled account all look exactly like this
 * (code {@code invalid_credentials}, HTTP 401), so a caller cannot learn whether an account exists.
 */
public final class InvalidCredentialsException extends JanuaException {
  private static final long serialVersionUID = 1L;

  public InvalidCredentialsException() {
    super("invalid_credentials", 401, "Invalid email or password");
  }
}
