package dev.janua;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a successful signup, signin or refresh.
 *
 * @param user        the signed-in user
 * @param session     the session the tokens belong to
 * @param tokens      the new access and refresh token
 * @param rateLimit   the rate-limit decision that admitted this call, for response headers
 * @param deviceToken after a signin: the device token the client should keep and present at its
 *                    next signins (it passes the per-account throttle); {@code null} after signup
 *                    and refresh
 */
public record AuthResult(User user, Session session, TokenPair tokens, RateLimitDecision rateLimit,
    @Nullable String deviceToken) {

  /** A result without a device token (signup, refresh). */
  public AuthResult(User user, Session session, TokenPair tokens, RateLimitDecision rateLimit) {
    this(user, session, tokens, rateLimit, null);
  }

  /** This result with a device token. */
  public AuthResult withDeviceToken(String token) {
    return new AuthResult(user, session, tokens, rateLimit, token);
  }

  /** Never prints the tokens. */
  @Override
  public String toString() {
    return "AuthResult[user=" + user.id() + ", session=" + session.id() + ", deviceToken="
        + (deviceToken == null ? "none" : "(set)") + "]";
  }
}
