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
 * @param retiredAt     when it stopped signing (verify-only since), or {@code null} while active
 */
public record StoredSigningKey(
    String kid,
    String algorithm,
    String privateKeyDer,
    String publicKeyDer,
    Instant createdAt,
    @Nullable Instant retiredAt) {

  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(privateKeyDer, "privateKeyDer");
    Objects.requireNonNull(publicKeyDer, "publicKeyDer");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "StoredSigningKey[kid=" + kid + ", algorithm=" + algorithm + ", createdAt=" + createdAt
        + ", retiredAt=" + retiredAt + "]";
  }
}
