package dev.janua;

import java.util.Objects;

/**
 * A token just created: the only time its secret is available. Show {@link #token()} to the user
 * once; Janua keeps only its SHA-256 and cannot show it again. {@link #toString()} never prints it.
 */
public final class CreatedApiToken {
  private final String token;
  private final ApiToken apiToken;

  CreatedApiToken(String token, ApiToken apiToken) {
    this.token = Objects.requireNonNull(token, "token");
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
  }

  /** The secret, {@code jnu_...}: sent as {@code Authorization: Bearer jnu_...}. */
  public String token() {
    return token;
  }

  /** What was stored, as lists show it. */
  public ApiToken apiToken() {
    return apiToken;
  }

  /** Names the token by id and prefix; never prints the secret. */
  @Override
  public String toString() {
    return "CreatedApiToken[id=" + apiToken.id() + ", prefix=" + apiToken.prefix() + ", token=(hidden)]";
  }
}
