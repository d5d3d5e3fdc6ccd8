package dev.janua.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Opaque refresh tokens: {@code jrt_} and 256 random bits, stored only as their SHA-256. */
public final class RefreshTokens {
  /** Every refresh token starts with this, so one offered as an access token is recognised. */
  public static final String PREFIX = "jrt_";
  /** Length of a well-formed token: the prefix and 43 base64url characters. */
  public static final int LENGTH = PREFIX.length() + 43;

  private static final SecureRandom RANDOM = new SecureRandom();

  private RefreshTokens() {}

  /** A new token. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the text has the shape of a refresh token (not whether it exists). */
  public static boolean wellFormed(@Nullable String token) {
    if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex SHA-256 of the token: the only form the store sees. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
