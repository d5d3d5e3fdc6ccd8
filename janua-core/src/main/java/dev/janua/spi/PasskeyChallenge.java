package dev.janua.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A WebAuthn challenge handed out in options and not yet answered. Only its SHA-256 is stored; it
 * is bound to what it was made for and, except for a passwordless sign-in with discoverable
 * credentials, to a user.
 *
 * @param hash      hex SHA-256 of the challenge's base64url text (as it comes back in {@code
 *     clientDataJSON})
 * @param purpose   {@value #REGISTER}, {@value #SIGNIN} or {@value #MFA}
 * @param userId    the user it was made for, or {@code null} (any user may answer)
 * @param createdAt when it was made
 * @param expiresAt when it stops working
 */
public record PasskeyChallenge(String hash, String purpose, @Nullable String userId,
    Instant createdAt, Instant expiresAt) {
  /** Made by registration options. */
  public static final String REGISTER = "register";
  /** Made by sign-in options (passwordless). */
  public static final String SIGNIN = "signin";
  /** Made for a passkey as the second factor of a sign-in. */
  public static final String MFA = "mfa";

  /** Checks that no required component is null. */
  public PasskeyChallenge {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it still works at {@code now}. */
  public boolean usableAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
