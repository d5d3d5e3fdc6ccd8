package dev.janua.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The successor of a refresh token, sealed so that only a holder of the spent token can open it:
 * the key is HMAC-SHA256 of a fixed label keyed with the spent token (a PRF of its 256 random
 * bits, unrelated to the SHA-256 the store keeps), the cipher AES-256-GCM ({@link SecretBox})
 * with the spent token's hash as associated data, so a value moved to another row does not open.
 * The store holds the sealed value and the spent token's hash only: a dump of it yields no usable
 * token.
 */
public final class SealedSuccessors {
  private static final byte[] LABEL =
      "janua refresh-token successor v1".getBytes(StandardCharsets.US_ASCII);

  private SealedSuccessors() {}

  /** {@code successor} sealed under the key of {@code spent}. */
  public static String seal(String spent, String successor) {
    return box(spent).seal(successor, RefreshTokens.hash(spent));
  }

  /**
   * The successor sealed under the key of {@code spent}, or empty when {@code sealed} does not
   * open with it (another token's value, altered, or not a sealed value at all).
   */
  public static Optional<String> open(String spent, String sealed) {
    try {
      return Optional.of(box(spent).open(sealed, RefreshTokens.hash(spent)).plaintext());
    } catch (SecretBox.SealedValueException e) {
      return Optional.empty();
    }
  }

  private static SecretBox box(String spent) {
    return SecretBox.of(key(spent), null);
  }

  /** HMAC-SHA256(key = the spent token, message = the label): 32 bytes, an AES-256 key. */
  static byte[] key(String spent) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(spent.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return mac.doFinal(LABEL);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
