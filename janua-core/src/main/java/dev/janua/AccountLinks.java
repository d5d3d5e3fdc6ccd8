package dev.janua;

import dev.janua.internal.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The secrets of account links: 256 random bits in base64url (43 characters), stored only as
 * their SHA-256; and the links built from {@code PUBLIC_BASE_URL}.
 */
final class AccountLinks {
  static final int LENGTH = OpaqueTokens.RANDOM_CHARS;

  private final String base;

  AccountLinks(JanuaConfig config) {
    this.base = config.publicBaseUrl();
  }

  /** A new secret. */
  static String generate() {
    return OpaqueTokens.generate("");
  }

  /** Whether the text has the shape of a secret (so a malformed one costs no store read). */
  static boolean wellFormed(@Nullable String token) {
    return OpaqueTokens.wellFormed("", token);
  }

  /** Hex SHA-256 of the secret: the only form the store sees. */
  static String hash(String token) {
    return OpaqueTokens.hash(token);
  }

  /** A digest naming a rate-limit subject (an address, an account) without revealing it. */
  static String subject(String kind, String value) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  String resetPassword(String token) {
    return base + "/reset-password?token=" + token;
  }

  String verifyEmail(String token) {
    return base + "/verify-email?token=" + token;
  }

  String acceptInvitation(String token) {
    return base + "/accept-invitation?token=" + token;
  }
}
