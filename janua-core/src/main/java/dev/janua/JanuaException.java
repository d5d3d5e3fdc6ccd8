package dev.janua;

/**
 * The root of every failure Janua reports to a caller. Each carries a stable machine-readable
 * {@link #code()} (for example {@code invalid_credentials}) and the HTTP status a host should
 * answer with. Messages name what was wrong but never contain a password, token or key.
 */
public class JanuaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  /**
   * @param code       the stable machine code
   * @param httpStatus the suggested HTTP status
   * @param message    a human-readable message without secrets
   */
  public JanuaException(String code, int httpStatus, String message) {
    this(code, httpStatus, message, null);
  }

  /**
   * @param code       the stable machine code
   * @param httpStatus the suggested HTTP status
   * @param message    a human-readable message without secrets
   * @param cause      the underlying failure, or {@code null}
   */
  public JanuaException(String code, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The stable machine-readable code, e.g. {@code "rate_limited"}. */
  public String code() {
    return code;
  }

  /** The HTTP status a host should answer with. */
  public int httpStatus() {
    return httpStatus;
  }
}
