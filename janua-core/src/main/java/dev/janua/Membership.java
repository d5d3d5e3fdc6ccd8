package dev.janua;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's membership in an organization.
 *
 * @param organizationId the organization
 * @param userId         the member
 * @param role           a system role name ({@code owner}, {@code admin}, {@code member},
 *                       {@code viewer}) or the name of a custom role of the organization
 * @param status         whether the membership grants its role's permissions
 * @param joinedAt       when the user became a member
 */
public record Membership(
    String organizationId, String userId, String role, MembershipStatus status, Instant joinedAt) {

  public Membership {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }

  /** Whether this membership grants its role's permissions. */
  public boolean isActive() {
    return status == MembershipStatus.ACTIVE;
  }

  /** This membership with another role. */
  public Membership withRole(String newRole) {
    return new Membership(organizationId, userId, newRole, status, joinedAt);
  }

  /** This membership with another status. */
  public Membership withStatus(MembershipStatus newStatus) {
    return new Membership(organizationId, userId, role, newStatus, joinedAt);
  }
}
