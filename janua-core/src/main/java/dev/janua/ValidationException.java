package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * Bad input: the {@link #field()} says which (code {@code validation_error}, HTTP 400), and for a
 * password the {@link #rule()} says which rule it broke.
 */
public final class ValidationException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final @Nullable String rule;

  /**
   * @param field   the offending field, e.g. {@code "password"}
   * @param message what is wrong with it, never its value when it is a secret
   */
  public ValidationException(String field, String message) {
    this(field, null, message);
  }

  /**
   * @param field   the offending field, e.g. {@code "password"}
   * @param rule    the rule that failed, e.g. {@code "too_short"} (see docs/errors.md), or null
   * @param message what is wrong with it, never its value when it is a secret
   */
  public ValidationException(String field, @Nullable String rule, String message) {
    super("validation_error", 400, message);
    this.field = field;
    this.rule = rule;
  }

  /** The offending field. */
  public String field() {
    return field;
  }

  /**
   * The rule that failed, when the field has named rules: for passwords {@code required}, {@code
   * too_short}, {@code too_long} or {@code too_weak}; otherwise null.
   */
  public @Nullable String rule() {
    return rule;
  }
}
