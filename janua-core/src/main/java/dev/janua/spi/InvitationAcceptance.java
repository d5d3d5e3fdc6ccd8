package dev.janua.spi;

/** What {@link InvitationStore#accept} did. */
public enum InvitationAcceptance {
  /** The invitation was consumed and the membership written, with the event. */
  ACCEPTED,
  /**
   * Nothing was written: no pending invitation has this token for this email (unknown, expired,
   * accepted, revoked or superseded).
   */
  INVALID,
  /** Nothing was written: the user already is a member of the organization. */
  ALREADY_MEMBER
}
