package dev.janua;

/** Whether a membership currently grants its role's permissions. */
public enum MembershipStatus {
  /** A member whose role applies. */
  ACTIVE,
  /** A member whose role is suspended: permission checks answer no. */
  SUSPENDED
}
