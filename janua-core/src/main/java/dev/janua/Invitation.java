package dev.janua;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending invitation into an organization, as listed to its admins: never its token (the token
 * exists only in the message sent to the invited address, and the store keeps its SHA-256 only).
 *
 * @param id             the invitation's id (for revoking it)
 * @param organizationId the organization
 * @param email          the invited address, normalized (trimmed, lower case)
 * @param role           the role the invited person gets on accepting
 * @param invitedBy      the user id of who invited
 * @param createdAt      when it was sent
 * @param expiresAt      when it stops working ({@code INVITATION_EXPIRE_HOURS} after sending)
 */
public record Invitation(String id, String organizationId, String email, String role,
    String invitedBy, Instant createdAt, Instant expiresAt) {

  /** Checks that no component is null. */
  public Invitation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(invitedBy, "invitedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it still works at {@code now} (its store tells whether it was used or revoked). */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
