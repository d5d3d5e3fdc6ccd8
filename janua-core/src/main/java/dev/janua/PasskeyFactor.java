package dev.janua;

/**
 * The hook through which passkeys (WebAuthn) serve as a second factor at sign-in and step-up. The
 * passkey feature implements it and hands it to {@link MfaService#usePasskeys} while the engine is
 * built (see {@link AuthEngine}'s constructor); without it, passkeys are not offered and a {@link
 * MfaProof.Passkey} is refused with a {@link ValidationException} on {@code credential}.
 */
interface PasskeyFactor {
  /** Whether the user has at least one passkey. */
  boolean enrolled(String userId);

  /**
   * The WebAuthn request options (JSON) for an assertion by this user's passkeys, with a fresh
   * single-use challenge.
   */
  String requestOptions(String userId, Call call);

  /**
   * Verifies an assertion by this user, returns the amr value "hwk" or "swk", throws
   * InvalidMfaCodeException when it fails.
   */
  String verify(String userId, String credentialJson, Call call);
}
