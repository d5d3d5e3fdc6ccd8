package dev.janua.http;

import dev.janua.AuthEngine;
import dev.janua.JanuaException;
import dev.janua.Principal;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses an {@code Authorization: Bearer <token>} header (RFC 6750), and authenticates its token
 * (an access token or an API token) with {@link #authenticate}. The scheme is matched without
 * regard to case; the token must be non-empty and made of the RFC 6750 {@code b64token}
 * characters, so a header with spaces, commas or control characters inside the token is refused
 * rather than guessed at.
 */
public final class BearerToken {
  /** The code of the error raised when the header is missing or malformed. */
  public static final String UNAUTHORIZED = "unauthorized";

  private static final String SCHEME = "bearer ";
  private static final int MAX_LENGTH = 8192;

  private BearerToken() {}

  /**
   * The token of a bearer authorization header.
   *
   * @param authorizationHeader the header's value, or null when absent
   * @return the token, or empty when the header is absent or not a well-formed bearer header
   */
  public static Optional<String> parse(@Nullable String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String h = authorizationHeader.strip();
    if (h.length() <= SCHEME.length()
        || !h.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Optional.empty();
    }
    String token = h.substring(SCHEME.length()).strip();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
      if (!ok) {
        return Optional.empty();
      }
    }
    return Optional.of(token);
  }

  /**
   * The token of a bearer authorization header, or a 401 error.
   *
   * @param authorizationHeader the header's value, or null when absent
   * @return the token
   * @throws JanuaException code {@code unauthorized}, HTTP 401, when the header is absent or
   *     malformed (the message never echoes the header)
   */
  public static String require(@Nullable String authorizationHeader) {
    return parse(authorizationHeader).orElseThrow(() -> authorizationHeader == null ? missing()
        : new MalformedBearerException());
  }

  /**
   * The caller of a request: the bearer token of the header, authenticated by {@link
   * AuthEngine#authenticate}, which takes an access token or an API token ({@code jnu_...}) alike.
   * Every adapter authenticates through here, so both kinds work on the same routes.
   *
   * @param engine              the engine
   * @param authorizationHeader the header's value, or null when absent
   * @return the principal; {@link Principal#kind()} says which kind of token proved it
   * @throws JanuaException code {@code unauthorized} (401) for an absent or malformed header, or
   *     the engine's {@code invalid_token} (401) or {@code rate_limited} (429)
   */
  public static Principal authenticate(AuthEngine engine, @Nullable String authorizationHeader) {
    return engine.authenticate(require(authorizationHeader));
  }

  /**
   * The error for a request that carries no credentials: code {@code unauthorized}, HTTP 401
   * (which {@link ErrorMapper} answers with {@code WWW-Authenticate: Bearer realm="janua"}, no
   * error code, as RFC 6750 section 3.1 asks for a request without credentials).
   */
  public static JanuaException missing() {
    return new JanuaException(UNAUTHORIZED, 401, "Missing Authorization: Bearer header");
  }
}
