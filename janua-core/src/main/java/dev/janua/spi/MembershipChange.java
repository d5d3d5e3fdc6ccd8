package dev.janua.spi;

/** The answer of a guarded membership change ({@link OrganizationStore#changeRole}, {@link OrganizationStore#removeMember}). */
public enum MembershipChange {
  /** The change and its audit event are written. */
  DONE,
  /** There is no such membership; nothing was written. */
  NOT_FOUND,
  /** The member's role is no longer the one expected; nothing was written. */
  STALE,
  /** The change would leave the organization without an active owner; nothing was written. */
  LAST_OWNER,
  /**
   * The new role is a custom role the organization does not have (any more: it may have been
   * deleted concurrently); nothing was written.
   */
  NO_SUCH_ROLE
}
