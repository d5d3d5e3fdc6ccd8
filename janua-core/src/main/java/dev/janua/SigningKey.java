package dev.janua;

import dev.janua.internal.Keys;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One key of the {@link KeyRing}: an id ({@code kid}, by default the RFC 7638 thumbprint), the one
 * algorithm it is allowed for, its public key, and its private key when it can sign. Never prints
 * key material.
 */
public final class SigningKey {
  private final String kid;
  private final String algorithm;
  private final @Nullable PrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(String kid, String algorithm, @Nullable PrivateKey privateKey,
      PublicKey publicKey) {
    this.kid = requireText(kid, "kid");
    if (!JanuaConfig.ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(
          "algorithm must be one of " + JanuaConfig.ALGORITHMS + ", got " + algorithm);
    }
    this.algorithm = algorithm;
    this.privateKey = privateKey;
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    Keys.checkMatchesAlgorithm(publicKey, algorithm);
  }

  /** A fresh key: RSA 2048 for RS256, P-256 for ES256. */
  public static SigningKey generate(String algorithm) {
    KeyPair pair = Keys.generate(algorithm);
    return of(pair, algorithm);
  }

  /** A signing key from a key pair, its kid the thumbprint of the public key. */
  public static SigningKey of(KeyPair pair, String algorithm) {
    return new SigningKey(Keys.thumbprint(pair.getPublic()), algorithm, pair.getPrivate(),
        pair.getPublic());
  }

  /** A signing key with an explicit kid. */
  public static SigningKey of(String kid, KeyPair pair, String algorithm) {
    return new SigningKey(kid, algorithm, pair.getPrivate(), pair.getPublic());
  }

  /** A key that only verifies (for example another service's, or a retired one). */
  public static SigningKey verifyOnly(String kid, PublicKey publicKey, String algorithm) {
    return new SigningKey(kid, algorithm, null, publicKey);
  }

  /**
   * A signing key from a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}). The public
   * key is derived from the private key: for RS256 from its CRT parameters, for ES256 (P-256) from
   * the private scalar, so a PEM without an embedded public key works too.
   *
   * @throws IllegalArgumentException when the PEM does not hold a key of that algorithm
   */
  public static SigningKey fromPem(String privateKeyPem, String algorithm) {
    return of(Keys.keyPairFromPem(privateKeyPem, null, algorithm), algorithm);
  }

  /**
   * This key, after checking that an X.509 ({@code BEGIN PUBLIC KEY}) PEM holds its public key:
   * for hosts that keep both halves and want a mismatch found at start-up.
   *
   * @throws IllegalArgumentException when the PEM holds another key or none of this algorithm
   */
  public SigningKey requirePublicKeyPem(String publicKeyPem) {
    if (privateKey == null) {
      throw new IllegalArgumentException("a verify-only key has no private half to match");
    }
    Keys.keyPairFromPem(Keys.privateKeyPem(privateKey), publicKeyPem, algorithm);
    return this;
  }

  /** The key id, sent as the {@code kid} header. */
  public String kid() {
    return kid;
  }

  /** The only algorithm this key is accepted for. */
  public String algorithm() {
    return algorithm;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The private key, or {@code null} for a verify-only key. Secret material: never log it. */
  public @Nullable PrivateKey privateKey() {
    return privateKey;
  }

  /** Whether this key can sign. */
  public boolean canSign() {
    return privateKey != null;
  }

  /** This key without its private half. */
  public SigningKey verifyOnly() {
    return privateKey == null ? this : new SigningKey(kid, algorithm, null, publicKey);
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", algorithm=" + algorithm + ", canSign=" + canSign() + "]";
  }

  private static String requireText(@Nullable String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return s;
  }
}
