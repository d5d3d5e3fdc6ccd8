package dev.janua;

import java.time.Instant;

/**
 * The tokens handed to a client after signup, signin or refresh.
 *
 * @param accessToken           the signed JWT to send as {@code Authorization: Bearer}
 * @param refreshToken          the opaque refresh token; single use
 * @param tokenType             always {@code "Bearer"}
 * @param expiresIn             seconds until the access token expires
 * @param accessTokenExpiresAt  when the access token expires
 * @param refreshTokenExpiresAt when the refresh token expires
 */
public record TokenPair(
    String accessToken,
    String refreshToken,
    String tokenType,
    long expiresIn,
    Instant accessTokenExpiresAt,
    Instant refreshTokenExpiresAt) {

  /** Never prints the tokens themselves. */
  @Override
  public String toString() {
    return "TokenPair[tokenType=" + tokenType + ", expiresIn=" + expiresIn
        + ", accessTokenExpiresAt=" + accessTokenExpiresAt
        + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
  }
}
