package dev.janua;

/**
 * A call of the introspection or revocation operation came without valid client authentication
 * (code {@code invalid_client}, HTTP 401, as RFC 6749 section 5.2 names it): no or malformed HTTP
 * Basic credentials, an unknown client, or a wrong secret; the three are not told apart. Answer
 * with the header {@code WWW-Authenticate:} {@link #CHALLENGE}.
 */
public final class InvalidClientException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The {@code WWW-Authenticate} challenge to send with the 401. */
  public static final String CHALLENGE = "Basic realm=\"janua\", charset=\"UTF-8\"";

  /** The one refusal, whatever was wrong. */
  public InvalidClientException() {
    super("invalid_client", 401,
        "Client authentication failed: HTTP Basic with a client registered in JANUA_CLIENTS is required");
  }
}
