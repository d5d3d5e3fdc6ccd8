package dev.janua;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The password was right, and the account has a second factor: no tokens yet. The client proves
 * one of {@link #methods()} with {@link AuthEngine#completeMfa(String, MfaProof, ClientInfo)},
 * passing {@link #challenge()}, from the same client, before {@link #expiresAt()}. Code {@code
 * mfa_required}, HTTP 401 (an HTTP route may well answer 200 with the challenge: it is a step of a
 * successful sign-in, and it is not counted as a failed sign-in). The message and {@link
 * #toString()} never contain the challenge.
 */
public final class MfaRequiredException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The method of a TOTP code from an authenticator app ({@link MfaProof#totp}). */
  public static final String TOTP = "totp";
  /** The method of a recovery code ({@link MfaProof#recoveryCode}). */
  public static final String RECOVERY_CODE = "recovery_code";
  /** The method of a passkey assertion ({@link MfaProof#passkey}). */
  public static final String PASSKEY = "passkey";

  private final String challenge;
  private final List<String> methods;
  private final Instant expiresAt;
  private final @Nullable String passkeyOptions;

  MfaRequiredException(String challenge, List<String> methods, Instant expiresAt,
      @Nullable String passkeyOptions) {
    super("mfa_required", 401, "A second factor is required: complete the sign-in with one of "
        + methods);
    this.challenge = Objects.requireNonNull(challenge, "challenge");
    this.methods = List.copyOf(methods);
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.passkeyOptions = passkeyOptions;
  }

  /** The opaque, single-use challenge ({@code jmc_...}) to pass to {@code completeMfa}. Secret. */
  public String challenge() {
    return challenge;
  }

  /**
   * The ways the user can complete the sign-in, some of {@value #TOTP}, {@value #RECOVERY_CODE}
   * and {@value #PASSKEY}.
   */
  public List<String> methods() {
    return methods;
  }

  /** When the challenge stops working. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The WebAuthn request options (JSON) for a passkey assertion when {@link #methods()} holds
   * {@value #PASSKEY}, else {@code null}.
   */
  public @Nullable String passkeyOptions() {
    return passkeyOptions;
  }

  /** Never prints the challenge. */
  @Override
  public String toString() {
    return getClass().getName() + ": " + getMessage() + " (expires " + expiresAt + ")";
  }
}
