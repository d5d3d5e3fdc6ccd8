package dev.janua.internal;

import org.jspecify.annotations.Nullable;

/** Opaque refresh tokens: {@code jrt_} and 256 random bits, stored only as their SHA-256. */
public final class RefreshTokens {
  /** Every refresh token starts with this, so one offered as an access token is recognised. */
  public static final String PREFIX = "jrt_";
  /** Length of a well-formed token: the prefix and 43 base64url characters. */
  public static final int LENGTH = PREFIX.length() + OpaqueTokens.RANDOM_CHARS;

  private RefreshTokens() {}

  /** A new token. */
  public static String generate() {
    return OpaqueTokens.generate(PREFIX);
  }

  /** Whether the text has the shape of a refresh token (not whether it exists). */
  public static boolean wellFormed(@Nullable String token) {
    return OpaqueTokens.wellFormed(PREFIX, token);
  }

  /** Lower-case hex SHA-256 of the token: the only form the store sees. */
  public static String hash(String token) {
    return OpaqueTokens.hash(token);
  }
}
