package dev.janua.testing;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app shows for a base32 secret (RFC 6238 with SHA-1, 6 digits, 30 s),
 * computed with java-otp and a base32 decoder of the tests' own, independent of the service's.
 */
public final class TotpCodes {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private TotpCodes() {}

  /** The code for {@code secret} at {@code at}. */
  public static String at(String secret, Instant at) {
    try {
      TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
      return totp.generateOneTimePasswordString(
          new SecretKeySpec(base32(secret), "HmacSHA1"), at, Locale.ROOT);
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 4648 base32, upper case, padding optional. */
  public static byte[] base32(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.replace("=", "").toCharArray()) {
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base32: " + c);
      }
      buffer = buffer << 5 | v;
      bits += 5;
      if (bits >= 8) {
        out.write(buffer >> (bits - 8) & 0xFF);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
