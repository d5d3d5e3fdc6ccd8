package dev.janua.servlet.internal;

import dev.janua.Principal;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * One kind of credential a request can carry. The filter asks each in turn; the first that finds
 * its credential decides. Bearer access tokens are the only kind today ({@link
 * BearerAuthenticator}); API tokens will be a second implementation added to the filter's list,
 * recognized by their own header or token prefix, without changing the filter's flow.
 */
public interface Authenticator {
  /**
   * Authenticates a request.
   *
   * @param request the request
   * @return the principal, or null when the request carries no credential of this kind
   * @throws dev.janua.JanuaException when it carries one that is malformed or not valid (a 401
   *     such as {@code invalid_token} or {@code token_expired})
   */
  @Nullable Principal authenticate(HttpServletRequest request);
}
