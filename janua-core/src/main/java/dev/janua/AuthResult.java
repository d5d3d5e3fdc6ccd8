package dev.janua;

/**
 * The outcome of a successful signup, signin or refresh.
 *
 * @param user      the signed-in user
 * @param session   the session the tokens belong to
 * @param tokens    the new access and refresh token
 * @param rateLimit the rate-limit decision that admitted this call, for response headers
 */
public record AuthResult(User user, Session session, TokenPair tokens, RateLimitDecision rateLimit) {}
