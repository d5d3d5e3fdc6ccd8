package dev.janua.http;

import dev.janua.JanuaException;

/**
 * An {@code Authorization} header that is present but not a well-formed bearer header: code
 * {@code unauthorized}, HTTP 401, answered with {@code error="invalid_token"} (a missing header is
 * answered with the realm alone, RFC 6750 section 3.1).
 */
final class MalformedBearerException extends JanuaException {
  private static final long serialVersionUID = 1L;

  MalformedBearerException() {
    super(BearerToken.UNAUTHORIZED, 401,
        "Malformed Authorization header; expected 'Bearer <token>'");
  }
}
