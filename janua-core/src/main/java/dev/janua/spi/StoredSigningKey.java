package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signing key persisted so that every instance signs and verifies with the same keys. The
 * private key is secret material: whoever can read this row can mint tokens.
 *
 * @param kid           the key id ({@code kid} header)
 * @param algorithm     {@code RS256} or {@code ES256}
 * @param privateKeyDer the PKCS#8 DER private key: sealed under the key-encryption key ({@code
 *                      v1:...}), or base64 plaintext when none is configured (development)
 * @param publicKeyDer  base64 of the X.509 DER public key
 * @param createdAt     when the key was created
 * @param retiredAt     when it stops (or stopped) signing, verify-only since: set in the future
 *                      when a successor is pending; {@code null} for the newest key
 * @param activatesAt   when it starts signing: until then it is pending (published in the JWKS,
 *                      verifying, not signing); its creation time for a key that signs at once
 */
public record StoredSigningKey(
    String kid,
    String algorithm,
    String privateKeyDer,
    String publicKeyDer,
    Instant createdAt,
    @Nullable Instant retiredAt,
    Instant activatesAt) {

  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(privateKeyDer, "privateKeyDer");
    Objects.requireNonNull(publicKeyDer, "publicKeyDer");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
  }

  /** A key that signs from its creation ({@code activatesAt} = {@code createdAt}). */
  public StoredSigningKey(String kid, String algorithm, String privateKeyDer, String publicKeyDer,
      Instant createdAt, @Nullable Instant retiredAt) {
    this(kid, algorithm, privateKeyDer, publicKeyDer, createdAt, retiredAt, createdAt);
  }

  /** Whether it is retired at {@code now}: it verifies (while its tokens live) but never signs. */
  public boolean isRetired(Instant now) {
    return retiredAt != null && !retiredAt.isAfter(now);
  }

  /** Whether it is pending at {@code now}: published and verifying, not yet signing. */
  public boolean isPending(Instant now) {
    return !isRetired(now) && activatesAt.isAfter(now);
  }

  /** Whether it signs at {@code now}. */
  public boolean isActive(Instant now) {
    return !isRetired(now) && !activatesAt.isAfter(now);
  }

  /** This key with another private key value (same everything else). */
  public StoredSigningKey withPrivateKeyDer(String value) {
    return new StoredSigningKey(kid, algorithm, value, publicKeyDer, createdAt, retiredAt,
        activatesAt);
  }

  /** This key retired at {@code when}. */
  public StoredSigningKey withRetiredAt(@Nullable Instant when) {
    return new StoredSigningKey(kid, algorithm, privateKeyDer, publicKeyDer, createdAt, when,
        activatesAt);
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "StoredSigningKey[kid=" + kid + ", algorithm=" + algorithm + ", createdAt=" + createdAt
        + ", activatesAt=" + activatesAt + ", retiredAt=" + retiredAt + "]";
  }
}
