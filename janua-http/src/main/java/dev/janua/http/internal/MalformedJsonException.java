package dev.janua.http.internal;

import dev.janua.JanuaException;
import org.jspecify.annotations.Nullable;

/**
 * A body that is not the JSON object expected: code {@code malformed_json}, HTTP 400; {@link
 * #field()} names the culprit when known, for the error's {@code details}.
 */
public final class MalformedJsonException extends JanuaException {
  private static final long serialVersionUID = 1L;
  /** The stable code. */
  public static final String CODE = "malformed_json";

  private final @Nullable String field;

  /**
   * @param message what was wrong, without the body's content
   * @param field   the JSON field at fault, or null when unknown
   */
  public MalformedJsonException(String message, @Nullable String field) {
    super(CODE, 400, message);
    this.field = field;
  }

  /** The JSON field at fault, or null when unknown. */
  public @Nullable String field() {
    return field;
  }
}
