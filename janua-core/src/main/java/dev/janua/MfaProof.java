package dev.janua;

import java.util.Objects;

/**
 * What proves a second factor: a TOTP code, a recovery code or a passkey assertion. Passed to
 * {@link AuthEngine#completeMfa(String, MfaProof, ClientInfo)} and {@link Mfa#stepUp}. {@link
 * Object#toString()} never prints the code or the credential.
 */
public sealed interface MfaProof permits MfaProof.Totp, MfaProof.RecoveryCode, MfaProof.Passkey {

  /** A 6-digit code from the user's authenticator app (spaces ignored). */
  static MfaProof totp(String code) {
    return new Totp(code);
  }

  /** One of the user's recovery codes (case, dashes and spaces ignored). */
  static MfaProof recoveryCode(String code) {
    return new RecoveryCode(code);
  }

  /**
   * A passkey assertion: the JSON of the browser's {@code PublicKeyCredential} ({@code toJSON()}
   * form), answering the request options of the challenge.
   */
  static MfaProof passkey(String credentialJson) {
    return new Passkey(credentialJson);
  }

  /** The {@code MfaRequiredException} method this proof answers. */
  String method();

  /**
   * A TOTP code.
   *
   * @param code the code as typed
   */
  record Totp(String code) implements MfaProof {
    /** @throws NullPointerException when {@code code} is null */
    public Totp {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String method() {
      return MfaRequiredException.TOTP;
    }

    /** Never prints the code. */
    @Override
    public String toString() {
      return "MfaProof.Totp[(hidden)]";
    }
  }

  /**
   * A recovery code.
   *
   * @param code the code as typed
   */
  record RecoveryCode(String code) implements MfaProof {
    /** @throws NullPointerException when {@code code} is null */
    public RecoveryCode {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String method() {
      return MfaRequiredException.RECOVERY_CODE;
    }

    /** Never prints the code. */
    @Override
    public String toString() {
      return "MfaProof.RecoveryCode[(hidden)]";
    }
  }

  /**
   * A passkey assertion.
   *
   * @param credentialJson the browser's credential JSON
   */
  record Passkey(String credentialJson) implements MfaProof {
    /** @throws NullPointerException when {@code credentialJson} is null */
    public Passkey {
      Objects.requireNonNull(credentialJson, "credentialJson");
    }

    @Override
    public String method() {
      return MfaRequiredException.PASSKEY;
    }

    /** Never prints the credential. */
    @Override
    public String toString() {
      return "MfaProof.Passkey[(hidden)]";
    }
  }
}
