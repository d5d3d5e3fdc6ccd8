package dev.janua;

/**
 * An invitation token was refused (code {@code invitation_invalid}, HTTP 400): unknown, expired,
 * already accepted, revoked, or superseded by a newer invitation of the same address. The cases are
 * deliberately not told apart; the invited person asks for a new invitation.
 */
public final class InvalidInvitationException extends JanuaException {
  private static final long serialVersionUID = 1L;

  /** The one refusal. */
  public InvalidInvitationException() {
    super("invitation_invalid", 400,
        "This invitation is unknown, expired, already used or revoked; ask for a new one");
  }
}
