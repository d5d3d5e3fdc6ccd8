package dev.janua;

/**
 * The write would duplicate something unique: an email, an organization slug, a membership, a
 * role name (code {@code conflict}, HTTP 409).
 */
public final class ConflictException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field   what is duplicated, e.g. {@code "email"}
   * @param message a message naming it
   */
  public ConflictException(String field, String message) {
    super("conflict", 409, message);
    this.field = field;
  }

  /** The field whose value is already taken, e.g. {@code "email"} or {@code "slug"}. */
  public String field() {
    return field;
  }
}
