package dev.janua;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An access token issued on its own, within an existing session: for example the token of an
 * organization ({@link Organizations#accessToken}). The session's refresh token stays as it is.
 *
 * @param accessToken the signed JWT to send as {@code Authorization: Bearer}
 * @param tokenType   always {@code "Bearer"}
 * @param expiresIn   seconds until it expires
 * @param expiresAt   when it expires
 * @param scopes      the scopes it carries ({@code scope} claim); empty for none
 */
public record AccessToken(String accessToken, String tokenType, long expiresIn, Instant expiresAt,
    List<String> scopes) {

  /** @throws NullPointerException for a null component */
  public AccessToken {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(expiresAt, "expiresAt");
    scopes = List.copyOf(scopes);
  }

  /** Never prints the token itself. */
  @Override
  public String toString() {
    return "AccessToken[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", expiresAt="
        + expiresAt + ", scopes=" + scopes + "]";
  }
}
