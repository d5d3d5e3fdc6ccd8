package dev.janua;

/**
 * A valid invitation was presented by an account that may not accept it (HTTP 403): code {@code
 * email_not_verified} when the account's email is the invited one but not verified yet (verify it,
 * then accept again: the invitation stays valid), code {@code invitation_email_mismatch} when the
 * account's email is another address than the invited one (sign in with the invited address).
 */
public final class InvitationEmailException extends JanuaException {
  private static final long serialVersionUID = 1L;

  private final boolean mismatch;

  private InvitationEmailException(String code, String message, boolean mismatch) {
    super(code, 403, message);
    this.mismatch = mismatch;
  }

  /** The account's email is the invited one, but not verified. */
  public static InvitationEmailException notVerified() {
    return new InvitationEmailException("email_not_verified",
        "Verify your email address before accepting this invitation", false);
  }

  /** The account's email is not the invited one. */
  public static InvitationEmailException mismatch() {
    return new InvitationEmailException("invitation_email_mismatch",
        "This invitation was sent to another email address; sign in with that address to accept it",
        true);
  }

  /** Whether the account's email differs from the invited one (else: it is not verified). */
  public boolean isMismatch() {
    return mismatch;
  }
}
