package dev.janua.internal;

import dev.janua.InvalidTokenException;
import dev.janua.TokenFailureReason;
import java.util.Arrays;

/**
 * A strict base64url decoder for JWS segments (RFC 7515 section 2): the URL-safe alphabet, no
 * padding, and zero unused bits in the last character. {@link java.util.Base64} accepts padding
 * and ignores the unused bits, so one token could be spelled several ways; this decoder accepts
 * exactly the spelling an encoder produces, which keeps "one token, one string" true for the
 * validated-token cache and for anyone comparing tokens.
 */
final class Base64Url {
  private static final byte[] EMPTY = {};
  /** The 6-bit value of each ASCII character, -1 outside the alphabet. */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Decodes {@code s[from, to)} without copying it first.
   *
   * @throws InvalidTokenException {@code MALFORMED} for a character outside the alphabet or an
   *     impossible length, {@code NON_CANONICAL} for padding or non-zero unused bits
   */
  static byte[] decode(String s, int from, int to) {
    int len = to - from;
    if (len == 0) {
      return EMPTY;
    }
    int rem = len & 3;
    if (rem == 1) {
      throw new InvalidTokenException(TokenFailureReason.MALFORMED); // no spelling has this length
    }
    byte[] out = new byte[(len >> 2) * 3 + (rem == 0 ? 0 : rem - 1)];
    int i = from;
    int o = 0;
    for (int end = to - rem; i < end; i += 4) {
      // Left to right, so the first bad character is the one reported.
      int bits = value(s, i, from, to) << 18 | value(s, i + 1, from, to) << 12
          | value(s, i + 2, from, to) << 6 | value(s, i + 3, from, to);
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    if (rem == 2) {
      int last = value(s, i + 1, from, to);
      if ((last & 0x0F) != 0) {
        throw new InvalidTokenException(TokenFailureReason.NON_CANONICAL);
      }
      out[o] = (byte) (value(s, i, from, to) << 2 | last >> 4);
    } else if (rem == 3) {
      int last = value(s, i + 2, from, to);
      if ((last & 0x03) != 0) {
        throw new InvalidTokenException(TokenFailureReason.NON_CANONICAL);
      }
      int bits = value(s, i, from, to) << 10 | value(s, i + 1, from, to) << 4 | last >> 2;
      out[o++] = (byte) (bits >> 8);
      out[o] = (byte) bits;
    }
    return out;
  }

  private static int value(String s, int i, int from, int to) {
    char c = s.charAt(i);
    int v = c < 128 ? VALUES[c] : -1;
    if (v < 0) {
      throw invalidAt(s, i, from, to);
    }
    return v;
  }

  /**
   * The failure for the first character outside the alphabet, at {@code i}: {@code NON_CANONICAL}
   * when it starts the padding of an otherwise well-formed segment (a second spelling of the same
   * bytes), {@code MALFORMED} for anything else.
   */
  private static InvalidTokenException invalidAt(String s, int i, int from, int to) {
    int body = i - from;
    boolean padding = ((to - from) & 3) == 0 && ((body & 3) == 2 || (body & 3) == 3);
    for (int j = i; padding && j < to; j++) {
      padding = s.charAt(j) == '=';
    }
    return new InvalidTokenException(padding ? TokenFailureReason.NON_CANONICAL
        : TokenFailureReason.MALFORMED);
  }
}
