package dev.janua;

/** Bad input: the {@link #field()} says which (code {@code validation_error}, HTTP 400). */
public final class ValidationException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field   the offending field, e.g. {@code "password"}
   * @param message what is wrong with it, never its value when it is a secret
   */
  public ValidationException(String field, String message) {
    super("validation_error", 400, message);
    this.field = field;
  }

  /** The offending field. */
  public String field() {
    return field;
  }
}
