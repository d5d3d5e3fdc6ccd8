package dev.janua.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * The shape of ES256 signatures: the JOSE form R||S (RFC 7518 section 3.4), 32 bytes each, with
 * R and S in [1, n-1] and S in the low half of the P-256 group order. (R, S) and (R, n-S) verify
 * alike, so without the low-S rule every signature would have a second spelling; Janua issues
 * low-S only and accepts nothing else.
 */
final class EcdsaP256 {
  /** The order n of the P-256 group (FIPS 186-4, D.1.2.3). */
  static final BigInteger ORDER = new BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  /** Bytes of R, and of S. */
  static final int HALF = 32;
  /** The JOSE signature length. */
  static final int LENGTH = 2 * HALF;

  private static final byte[] N = fixed(ORDER);
  /** floor(n/2): the largest low S. */
  private static final byte[] HALF_N = fixed(ORDER.shiftRight(1));

  private EcdsaP256() {}

  /** Whether R and S are both in [1, n-1]; {@code sig} must be {@link #LENGTH} bytes. */
  static boolean inRange(byte[] sig) {
    return !isZero(sig, 0) && compare(sig, 0, N) < 0 && !isZero(sig, HALF)
        && compare(sig, HALF, N) < 0;
  }

  /** Whether S is at most floor(n/2); {@code sig} must be {@link #LENGTH} bytes. */
  static boolean lowS(byte[] sig) {
    return compare(sig, HALF, HALF_N) <= 0;
  }

  /**
   * The compact JWS {@code token} with its ES256 signature's S replaced by n-S when S is high, so
   * that every token Janua issues passes its own verifier. The signature stays valid: ECDSA
   * verification accepts both.
   *
   * @throws IllegalStateException when the signature is not the 64-byte JOSE form
   */
  static String withLowS(String token) {
    int dot = token.lastIndexOf('.');
    byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    if (sig.length != LENGTH) {
      throw new IllegalStateException("ES256 signer produced " + sig.length + " bytes, not 64");
    }
    if (lowS(sig)) {
      return token;
    }
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, HALF, LENGTH));
    System.arraycopy(fixed(ORDER.subtract(s)), 0, sig, HALF, HALF);
    return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  /** Unsigned big-endian comparison of {@code a[off, off+32)} with the 32 bytes of {@code b}. */
  private static int compare(byte[] a, int off, byte[] b) {
    return Arrays.compareUnsigned(a, off, off + HALF, b, 0, HALF);
  }

  private static boolean isZero(byte[] a, int off) {
    int acc = 0;
    for (int i = off; i < off + HALF; i++) {
      acc |= a[i];
    }
    return acc == 0;
  }

  /** {@code v} as exactly 32 big-endian bytes; {@code v} must be below 2^256. */
  private static byte[] fixed(BigInteger v) {
    byte[] raw = v.toByteArray(); // may carry a sign byte, or be shorter
    byte[] out = new byte[HALF];
    int n = Math.min(raw.length, HALF);
    System.arraycopy(raw, raw.length - n, out, HALF - n, n);
    return out;
  }
}
