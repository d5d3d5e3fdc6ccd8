package dev.janua;

import java.util.Objects;

/**
 * A TOTP enrollment in progress ({@link Mfa#beginTotpEnrollment}): show {@link #uri()} as a QR
 * code (or {@link #secret()} for typing in), then confirm with a code from the app. Both carry the
 * secret: never log or store them; {@link #toString()} prints neither.
 *
 * @param factorId the pending factor's id
 * @param uri      {@code otpauth://totp/<issuer>:<email>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30}
 * @param secret   the secret in base32 (RFC 4648, no padding)
 */
public record TotpEnrollment(String factorId, String uri, String secret) {
  /** Checks that no component is null. */
  public TotpEnrollment {
    Objects.requireNonNull(factorId, "factorId");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(secret, "secret");
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "TotpEnrollment[factorId=" + factorId + "]";
  }
}
