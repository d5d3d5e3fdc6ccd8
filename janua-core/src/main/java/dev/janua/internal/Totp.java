package dev.janua.internal;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes as authenticator apps expect them: HMAC-SHA-1, 6 digits, 30-second steps,
 * computed by {@code com.eatthepath:java-otp}. Also the RFC 4648 base32 form of secrets (what
 * an {@code otpauth://} URI carries) and random high-entropy secrets. Thread-safe.
 */
public final class Totp {
  /** Seconds per step. */
  public static final int PERIOD_SECONDS = 30;
  /** Digits per code. */
  public static final int DIGITS = 6;
  /** Secret length in bytes (160 bits, the HMAC-SHA-1 block output size RFC 4226 recommends). */
  public static final int SECRET_BYTES = 20;

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TimeBasedOneTimePasswordGenerator GENERATOR =
      new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(PERIOD_SECONDS), DIGITS,
          TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

  private Totp() {}

  /** A new random secret in base32 (32 characters, no padding). */
  public static String newSecret() {
    byte[] raw = new byte[SECRET_BYTES];
    RANDOM.nextBytes(raw);
    return base32(raw);
  }

  /** The step {@code at} falls in. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
  }

  /** The code of {@code step} for a base32 secret, as 6 digits with leading zeros. */
  public static String code(String base32Secret, long step) {
    return code(key(base32Secret), step);
  }

  /**
   * The step among {@code current - 1 .. current + 1} whose code is {@code code}, compared in
   * constant time; {@code -1} for none. The latest matching step wins. The secret is decoded once.
   */
  public static long matchingStep(String base32Secret, String code, long current) {
    SecretKeySpec key = key(base32Secret);
    long found = -1;
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    for (long s = current - 1; s <= current + 1; s++) {
      byte[] expected = code(key, s).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) {
        found = s;
      }
    }
    return found;
  }

  private static SecretKeySpec key(String base32Secret) {
    return new SecretKeySpec(unbase32(base32Secret), "HmacSHA1");
  }

  private static String code(SecretKeySpec key, long step) {
    try {
      return GENERATOR.generateOneTimePasswordString(key,
          Instant.ofEpochSecond(step * PERIOD_SECONDS), Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 refused a TOTP key", e);
    }
  }

  /** Whether {@code code} has the shape of a code (exactly 6 ASCII digits). */
  public static boolean wellFormed(String code) {
    if (code.length() != DIGITS) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 4648 base32 without padding. */
  public static String base32(byte[] raw) {
    StringBuilder out = new StringBuilder((raw.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /**
   * Decodes RFC 4648 base32 (case-insensitive, padding ignored).
   *
   * @throws IllegalArgumentException on a character outside the alphabet (not quoted)
   */
  public static byte[] unbase32(String text) {
    String t = text.toUpperCase(Locale.ROOT).replace("=", "");
    byte[] out = new byte[t.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < t.length(); i++) {
      int v = ALPHABET.indexOf(t.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
