package dev.janua.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Secrets at rest under the key-encryption key ({@code JANUA_KEY_ENCRYPTION_KEY}): AES-256-GCM
 * from the JDK, a fresh random 96-bit nonce per encryption, and the owner's id (a signing key's
 * {@code kid}, later a user id for a TOTP secret) as associated data, so that a sealed value moved
 * to another row no longer opens. The stored form is {@code v1:} followed by base64 of nonce ||
 * ciphertext || tag, so a reader tells sealed values from older plaintext ones.
 *
 * <p>During a rotation a second, previous key only opens; {@link Opened#stale()} says the value
 * should be sealed again under the current key. Instances are immutable and thread-safe; the keys
 * are never printed.
 */
public final class SecretBox {
  /** The prefix of every sealed value (format version 1). */
  public static final String PREFIX = "v1:";
  /** Key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey current;
  private final @Nullable SecretKey previous;

  private SecretBox(byte[] current, byte @Nullable [] previous) {
    this.current = key(current);
    this.previous = previous == null ? null : key(previous);
  }

  /**
   * A box sealing with {@code current} and opening with it or {@code previous}.
   *
   * @throws IllegalArgumentException when a key is not {@value #KEY_BYTES} bytes long
   */
  public static SecretBox of(byte[] current, byte @Nullable [] previous) {
    return new SecretBox(current, previous);
  }

  /**
   * Decodes a key from its base64 text (standard alphabet, padding optional).
   *
   * @throws IllegalArgumentException when the text is not base64 of exactly {@value #KEY_BYTES}
   *     bytes; the message never quotes the text
   */
  public static byte[] decodeKey(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // The decoder's own message quotes a character of the secret: never pass it on.
      throw new IllegalArgumentException("must be base64 of exactly " + KEY_BYTES
          + " random bytes (e.g. `openssl rand -base64 32`); the value is not valid base64");
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("must be base64 of exactly " + KEY_BYTES
          + " random bytes (e.g. `openssl rand -base64 32`); it decodes to " + raw.length
          + " bytes");
    }
    return raw;
  }

  /** Whether a previous key is there to open values sealed before a rotation. */
  public boolean hasPrevious() {
    return previous != null;
  }

  /** Whether {@code stored} is in the sealed form rather than plaintext. */
  public static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  /** Seals {@code plaintext}, bound to {@code owner} (the associated data). */
  public String seal(String plaintext, String owner) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(owner, "owner");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    }
  }

  /**
   * Opens a sealed value bound to {@code owner}, with the current key, else the previous one.
   *
   * @throws SealedValueException when the value is not sealed, is malformed, was sealed under
   *     another key, was altered, or belongs to another owner
   */
  public Opened open(String stored, String owner) {
    if (!isSealed(stored)) {
      throw new SealedValueException("the value is not sealed");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new SealedValueException("the sealed value is not valid base64");
    }
    if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SealedValueException("the sealed value is too short");
    }
    String plain = tryOpen(current, raw, owner);
    if (plain != null) {
      return new Opened(plain, false);
    }
    if (previous != null) {
      plain = tryOpen(previous, raw, owner);
      if (plain != null) {
        return new Opened(plain, true);
      }
    }
    throw new SealedValueException("the sealed value does not open with the configured key"
        + (previous == null ? "" : "s") + ": wrong key, altered value, or another row's value");
  }

  private static @Nullable String tryOpen(SecretKey key, byte[] raw, String owner) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    }
  }

  private static SecretKey key(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("a key-encryption key must be " + KEY_BYTES
          + " bytes, got " + raw.length);
    }
    SecretKeySpec k = new SecretKeySpec(raw, "AES");
    Arrays.fill(raw, (byte) 0);
    return k;
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "SecretBox[AES-256-GCM, previous=" + (previous != null) + "]";
  }

  /**
   * An opened value.
   *
   * @param plaintext the secret
   * @param stale     whether it was sealed under the previous key and should be sealed again
   */
  public record Opened(String plaintext, boolean stale) {
    /** Never prints the secret. */
    @Override
    public String toString() {
      return "Opened[stale=" + stale + "]";
    }
  }

  /** A sealed value could not be opened; the message never carries the value or a key. */
  public static final class SealedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SealedValueException(String message) {
      super(message);
    }
  }
}
