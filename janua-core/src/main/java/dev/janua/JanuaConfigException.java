package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value is malformed or out of range (code {@code invalid_configuration}). Thrown
 * at startup, naming the variable and the value expected; the value itself is only quoted when it
 * is not a secret.
 */
public final class JanuaConfigException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String variable;

  /**
   * @param variable the offending variable, or {@code null} when the problem is not one variable's
   *                 (for example two plugins that do not fit together)
   * @param message  what is wrong and what is expected, without secrets
   */
  public JanuaConfigException(@Nullable String variable, String message) {
    super("invalid_configuration", 500, message);
    this.variable = variable;
  }

  /** The offending variable, e.g. {@code BCRYPT_ROUNDS}, or {@code null} when no one variable is. */
  public @Nullable String variable() {
    return variable;
  }
}
