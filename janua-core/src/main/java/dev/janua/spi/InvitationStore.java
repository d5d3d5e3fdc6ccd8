package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.Invitation;
import dev.janua.Membership;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The invitations aggregate: invitations into organizations, each identified by the SHA-256 of its
 * one-time token (the token itself is never stored). An invitation is <em>pending</em> while it is
 * neither accepted, revoked nor superseded, and {@code now} is before its expiry. Every operation
 * is atomic on its own; accepting consumes the invitation and writes the membership in one step,
 * so of racing accepts of one token exactly one wins.
 */
public interface InvitationStore {

  /**
   * Records an invitation and its event; any invitation of the same organization and email not yet
   * accepted or revoked is superseded (revoked) in the same step, so only the newest one works.
   * Invitations of one organization and email are serialized: of two racing invites, the later
   * committed is the one left pending.
   *
   * @param tokenHash lower-case hex SHA-256 of the token, unique
   */
  void create(Invitation invitation, String tokenHash, AuditEvent event);

  /** The pending invitation with this token hash, if any. */
  Optional<Invitation> findPending(String tokenHash, Instant now);

  /** The organization's pending invitation with this id, if any. */
  Optional<Invitation> findPending(String organizationId, String invitationId, Instant now);

  /** The organization's pending invitations, oldest first. */
  List<Invitation> pending(String organizationId, Instant now);

  /**
   * Revokes the organization's pending invitation with this id and records the event.
   *
   * @return whether a pending invitation was revoked (false: nothing written)
   */
  boolean revoke(String organizationId, String invitationId, Instant now, AuditEvent event);

  /**
   * Accepts the pending invitation with this token hash sent to {@code email}, of the membership's
   * organization and role (else it counts as {@link InvitationAcceptance#INVALID}): marks it
   * accepted by the membership's user, adds the membership (organization and role as invited) and records
   * the event, all or none. Racing accepts of one token: exactly one returns {@link
   * InvitationAcceptance#ACCEPTED}.
   *
   * @param membership the membership to add; its organization and role are the invitation's
   * @return what happened; only {@link InvitationAcceptance#ACCEPTED} wrote anything
   */
  InvitationAcceptance accept(String tokenHash, String email, Membership membership, Instant now,
      AuditEvent event);
}
