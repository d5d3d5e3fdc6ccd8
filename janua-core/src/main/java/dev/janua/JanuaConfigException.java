package dev.janua;

/**
 * A configuration value is malformed or out of range (code {@code invalid_configuration}). Thrown
 * at startup, naming the variable and the value expected; the value itself is only quoted when it
 * is not a secret.
 */
public final class JanuaConfigException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  public JanuaConfigException(String variable, String message) {
    super("invalid_configuration", 500, message);
    this.variable = variable;
  }

  /** The offending variable, e.g. {@code BCRYPT_ROUNDS}. */
  public String variable() {
    return variable;
  }
}
