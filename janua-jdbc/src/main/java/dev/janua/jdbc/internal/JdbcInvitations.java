package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.spi.InvitationAcceptance;
import dev.janua.spi.InvitationStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Invitations on PostgreSQL ({@code invitations}, V5).
 *
 * <p>Creating an invitation first locks the organization's row ({@code FOR NO KEY UPDATE}, as the
 * guarded membership changes do), so two invitations of one address to one organization never
 * both stay open: the later one revokes the earlier in its own transaction, and the partial unique
 * index {@code idx_invitations_open} backs the rule. Accepting locks the invitation's row ({@code
 * SELECT ... FOR UPDATE} among pending rows): a racing accept or revoke of the same invitation waits,
 * then finds it no longer pending, so exactly one of them writes.
 */
public final class JdbcInvitations implements InvitationStore {
  private static final String COLUMNS =
      "id, organization_id, email, role, invited_by, created_at, expires_at";
  private static final String PENDING = "accepted_at IS NULL AND revoked_at IS NULL "
      + "AND expires_at > :now";
  private static final RowMapper<Invitation> INVITATION = (rs, ctx) -> new Invitation(
      rs.getString("id"), rs.getString("organization_id"), rs.getString("email"),
      rs.getString("role"), rs.getString("invited_by"), Rows.instant(rs, "created_at"),
      Rows.instant(rs, "expires_at"));

  private final Db db;

  /** The invitations of the store that owns {@code db}. */
  public JdbcInvitations(Db db) {
    this.db = db;
  }

  @Override
  public void create(Invitation invitation, String tokenHash, AuditEvent event) {
    Objects.requireNonNull(invitation, "invitation");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(event, "event");
    db.inTransaction("invitations.create", h -> {
      Db.query(h, "organizations.lock", "SELECT id FROM <schema>.organizations WHERE id = :id "
          + "FOR NO KEY UPDATE").bind("id", invitation.organizationId())
          .mapTo(String.class).findOne();
      Db.update(h, "invitations.supersede", "UPDATE <schema>.invitations SET revoked_at = "
          + ":now WHERE organization_id = :organizationId AND email = :email "
          + "AND accepted_at IS NULL AND revoked_at IS NULL")
          .bind("now", invitation.createdAt()).bind("organizationId", invitation.organizationId())
          .bind("email", invitation.email()).execute();
      Db.update(h, "invitations.insert", "INSERT INTO <schema>.invitations (" + COLUMNS
          + ", token_hash) VALUES (:id, :organizationId, :email, :role, :invitedBy, :createdAt, "
          + ":expiresAt, :tokenHash)")
          .bind("id", invitation.id()).bind("organizationId", invitation.organizationId())
          .bind("email", invitation.email()).bind("role", invitation.role())
          .bind("invitedBy", invitation.invitedBy()).bind("createdAt", invitation.createdAt())
          .bind("expiresAt", invitation.expiresAt()).bind("tokenHash", tokenHash)
          .execute();
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public Optional<Invitation> findPending(String tokenHash, Instant now) {
    return db.withHandle("invitations.findPending", h -> Db.query(h,
        "invitations.find_pending_by_hash", "SELECT " + COLUMNS + " FROM <schema>.invitations "
            + "WHERE token_hash = :tokenHash AND " + PENDING)
        .bind("tokenHash", tokenHash).bind("now", now).map(INVITATION).findOne());
  }

  @Override
  public Optional<Invitation> findPending(String organizationId, String invitationId,
      Instant now) {
    return db.withHandle("invitations.findPendingById", h -> Db.query(h,
        "invitations.find_pending_by_id", "SELECT " + COLUMNS + " FROM <schema>.invitations "
            + "WHERE id = :id AND organization_id = :organizationId AND " + PENDING)
        .bind("id", invitationId).bind("organizationId", organizationId).bind("now", now)
        .map(INVITATION).findOne());
  }

  @Override
  public List<Invitation> pending(String organizationId, Instant now) {
    return db.withHandle("invitations.pending", h -> Db.query(h, "invitations.of_organization",
        "SELECT " + COLUMNS + " FROM <schema>.invitations WHERE organization_id = "
            + ":organizationId AND " + PENDING + " ORDER BY created_at, id COLLATE \"C\"")
        .bind("organizationId", organizationId).bind("now", now).map(INVITATION).list());
  }

  @Override
  public boolean revoke(String organizationId, String invitationId, Instant now,
      AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction("invitations.revoke", h -> {
      int revoked = Db.update(h, "invitations.revoke", "UPDATE <schema>.invitations SET "
          + "revoked_at = :now WHERE id = :id AND organization_id = :organizationId AND " + PENDING)
          .bind("now", now).bind("id", invitationId).bind("organizationId", organizationId)
          .execute();
      if (revoked == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public InvitationAcceptance accept(String tokenHash, String email, Membership membership,
      Instant now, AuditEvent event) {
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("invitations.accept", h -> {
      Optional<String> id = Db.query(h, "invitations.lock_pending", "SELECT id FROM "
          + "<schema>.invitations WHERE token_hash = :tokenHash AND email = :email "
          + "AND organization_id = :organizationId AND role = :role AND " + PENDING
          + " FOR UPDATE")
          .bind("tokenHash", tokenHash).bind("email", email)
          .bind("organizationId", membership.organizationId()).bind("role", membership.role())
          .bind("now", now).mapTo(String.class).findOne();
      if (id.isEmpty()) {
        return InvitationAcceptance.INVALID;
      }
      boolean member = Db.query(h, "organization_members.exists", "SELECT EXISTS (SELECT 1 FROM "
          + "<schema>.organization_members WHERE organization_id = :organizationId "
          + "AND user_id = :userId)")
          .bind("organizationId", membership.organizationId())
          .bind("userId", membership.userId()).mapTo(Boolean.class).one();
      if (member) {
        return InvitationAcceptance.ALREADY_MEMBER;
      }
      Db.update(h, "invitations.accept", "UPDATE <schema>.invitations SET accepted_at = :now, "
          + "accepted_by = :userId WHERE id = :id")
          .bind("now", now).bind("userId", membership.userId()).bind("id", id.get()).execute();
      Db.update(h, "organization_members.insert", "INSERT INTO <schema>.organization_members ("
          + Rows.MEMBERSHIP_COLUMNS + ") VALUES (:organizationId, :userId, :role, :status, "
          + ":joinedAt)")
          .bind("organizationId", membership.organizationId())
          .bind("userId", membership.userId()).bind("role", membership.role())
          .bind("status", membership.status().name()).bind("joinedAt", membership.joinedAt())
          .execute();
      JdbcAudit.insert(h, event);
      return InvitationAcceptance.ACCEPTED;
    });
  }
}
