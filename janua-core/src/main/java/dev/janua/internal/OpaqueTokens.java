package dev.janua.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Opaque secrets: a fixed prefix naming the kind (e.g. {@code jrt_}, {@code jiv_}, or none) and
 * 256 random bits in base64url (43 characters), stored only as their SHA-256. Refresh tokens,
 * account links and invitations are made, checked and hashed here.
 */
public final class OpaqueTokens {
  /** Characters of the random part: 32 bytes in base64url without padding. */
  public static final int RANDOM_CHARS = 43;

  private static final SecureRandom RANDOM = new SecureRandom();

  private OpaqueTokens() {}

  /** A new secret: {@code prefix} and 256 random bits. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the text has the shape {@link #generate} gives for {@code prefix} (not whether it exists). */
  public static boolean wellFormed(String prefix, @Nullable String token) {
    int length = prefix.length() + RANDOM_CHARS;
    if (token == null || token.length() != length || !token.startsWith(prefix)) {
      return false;
    }
    for (int i = prefix.length(); i < length; i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex SHA-256 of a token (ASCII): the only form a store sees. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
