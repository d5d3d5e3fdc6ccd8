package dev.janua.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * API token secrets: {@code jnu_}, 32 random bytes in base62 (43 characters) and a CRC32 of both
 * in base62 (6 characters). The fixed prefix lets secret scanners recognise a leaked token; the
 * checksum refuses a mistyped one before any store lookup. The store sees only the SHA-256.
 */
public final class ApiTokenSecrets {
  /** Every API token starts with this. */
  public static final String PREFIX = "jnu_";
  /** Base62 characters of the random part: the fewest that hold 256 bits (62^43 > 2^256). */
  static final int BODY_LENGTH = 43;
  /** Base62 characters of the checksum: the fewest that hold 32 bits (62^6 > 2^32). */
  static final int CHECKSUM_LENGTH = 6;
  /** Length of a well-formed token. */
  public static final int LENGTH = PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH;
  /** Characters of the random part shown for recognition: 24 of its 256 bits, not a secret. */
  static final int DISPLAY_CHARACTERS = 4;

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiTokenSecrets() {}

  /** A new token. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String head = PREFIX + base62(new BigInteger(1, bytes), BODY_LENGTH);
    return head + checksum(head);
  }

  /**
   * Whether the text has the shape of an API token and its checksum matches (not whether it
   * exists). Costs no allocation beyond the checksum.
   */
  public static boolean wellFormed(@Nullable String token) {
    if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      if (digit(token.charAt(i)) < 0) {
        return false;
      }
    }
    CRC32 crc = new CRC32();
    int headLength = LENGTH - CHECKSUM_LENGTH;
    for (int i = 0; i < headLength; i++) {
      crc.update(token.charAt(i));
    }
    long expected = 0;
    for (int i = headLength; i < LENGTH; i++) {
      expected = expected * 62 + digit(token.charAt(i));
    }
    return crc.getValue() == expected;
  }

  /** Whether the text starts like an API token (a bearer a host should not verify as a JWT). */
  public static boolean looksLikeApiToken(@Nullable String token) {
    return token != null && token.startsWith(PREFIX);
  }

  /** The non-secret prefix kept for display: {@code jnu_} and the first four characters. */
  public static String displayPrefix(String token) {
    return token.substring(0, PREFIX.length() + DISPLAY_CHARACTERS);
  }

  /** Lower-case hex SHA-256 of the token: the only form the store sees. */
  public static String hash(String token) {
    return OpaqueTokens.hash(token);
  }

  static String checksum(String head) {
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    return base62(BigInteger.valueOf(crc.getValue()), CHECKSUM_LENGTH);
  }

  private static String base62(BigInteger value, int width) {
    char[] out = new char[width];
    BigInteger v = value;
    for (int i = width - 1; i >= 0; i--) {
      BigInteger[] qr = v.divideAndRemainder(SIXTY_TWO);
      out[i] = ALPHABET.charAt(qr[1].intValue());
      v = qr[0];
    }
    if (v.signum() != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
    return new String(out);
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }
}
