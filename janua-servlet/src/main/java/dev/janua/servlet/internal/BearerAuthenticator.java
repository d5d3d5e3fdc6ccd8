package dev.janua.servlet.internal;

import dev.janua.AuthEngine;
import dev.janua.Principal;
import dev.janua.http.BearerToken;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * {@code Authorization: Bearer <token>}: an access token or an API token ({@code jnu_...}),
 * authenticated by {@link AuthEngine#authenticate}.
 */
public final class BearerAuthenticator implements Authenticator {
  private static final String AUTHORIZATION = "Authorization";

  private final AuthEngine engine;

  /** @param engine the engine that validates the tokens */
  public BearerAuthenticator(AuthEngine engine) {
    this.engine = engine;
  }

  @Override
  public @Nullable Principal authenticate(HttpServletRequest request) {
    String header = request.getHeader(AUTHORIZATION);
    if (header == null) {
      return null;
    }
    // A header that is present but not a well-formed bearer header is refused, not ignored.
    return BearerToken.authenticate(engine, header);
  }
}
