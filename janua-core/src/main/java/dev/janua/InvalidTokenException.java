package dev.janua;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A token was refused. The {@link #reason()} says why; the code is {@code token_expired} for
 * {@link TokenFailureReason#EXPIRED} and {@code invalid_token} otherwise (HTTP 401).
 */
public final class InvalidTokenException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final TokenFailureReason reason;

  public InvalidTokenException(TokenFailureReason reason) {
    this(reason, null);
  }

  public InvalidTokenException(TokenFailureReason reason, @Nullable Throwable cause) {
    super(reason == TokenFailureReason.EXPIRED ? "token_expired" : "invalid_token", 401,
        "Token rejected: " + Objects.requireNonNull(reason, "reason").code(), cause);
    this.reason = reason;
  }

  /** Why the token was refused. */
  public TokenFailureReason reason() {
    return reason;
  }
}
