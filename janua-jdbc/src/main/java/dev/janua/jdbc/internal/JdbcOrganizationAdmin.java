package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.MEMBERSHIP;
import static dev.janua.jdbc.internal.Rows.MEMBERSHIP_COLUMNS;

import dev.janua.AuditEvent;
import dev.janua.Membership;
import dev.janua.NotFoundException;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.SystemRole;
import dev.janua.spi.MemberPosition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The organization-running operations of {@link JdbcOrganizations}: update and delete an
 * organization, update and delete a custom role, a page of members, and the check that a custom
 * role exists when a member gets it.
 *
 * <p>A role deletion locks the organization's row ({@code FOR NO KEY UPDATE}) like every guarded
 * membership change, so a role change to the role waits for it and then finds the role gone. An
 * addition with the role holds the role's row {@code FOR KEY SHARE} until it commits, which the
 * deletion's {@code DELETE} waits for; its member is then moved with the others (the moving
 * {@code UPDATE} runs after, and under READ COMMITTED sees the committed member).
 */
final class JdbcOrganizationAdmin {
  static final String LOCK_FOR_UPDATE = "SELECT id FROM <schema>.organizations WHERE id = :id "
      + "FOR UPDATE";
  private static final String ORDER = " ORDER BY joined_at, user_id COLLATE \"C\"";

  private JdbcOrganizationAdmin() {}

  /** Whether {@code role} is a system role or, holding its row until commit, a custom role. */
  static boolean lockRole(Handle h, String organizationId, String role) {
    if (SystemRole.byName(role).isPresent()) {
      return true;
    }
    return Db.query(h, "roles.lock_key_share", "SELECT name FROM <schema>.roles "
        + "WHERE organization_id = :organizationId AND name = :name FOR KEY SHARE")
        .bind("organizationId", organizationId).bind("name", role)
        .mapTo(String.class).findOne().isPresent();
  }

  /** @throws NotFoundException when {@code role} is a custom role the organization lacks */
  static void requireRole(Handle h, String organizationId, String role) {
    if (!lockRole(h, organizationId, role)) {
      throw new NotFoundException("No such role in this organization: " + role);
    }
  }

  static boolean updateOrganization(Db db, Organization updated, AuditEvent event) {
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("organizations.updateOrganization", h -> {
      int n = Db.update(h, "organizations.update", "UPDATE <schema>.organizations "
          + "SET name = :name, slug = :slug WHERE id = :id")
          .bind("name", updated.name()).bind("slug", updated.slug()).bind("id", updated.id())
          .execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  static List<Membership> deleteOrganization(Db db, String organizationId, AuditEvent event) {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("organizations.deleteOrganization", h -> {
      // FOR UPDATE: additions (whose foreign key takes a key-share lock) wait, then fail.
      boolean exists = Db.query(h, "organizations.lock_for_delete", LOCK_FOR_UPDATE)
          .bind("id", organizationId).mapTo(String.class).findOne().isPresent();
      if (!exists) {
        return List.<Membership>of();
      }
      List<Membership> members = Db.query(h, "organization_members.of_organization",
          "SELECT " + MEMBERSHIP_COLUMNS + " FROM <schema>.organization_members "
              + "WHERE organization_id = :organizationId" + ORDER)
          .bind("organizationId", organizationId).map(MEMBERSHIP).list();
      // Members, roles, API tokens cascade; sessions' active organization is set to NULL (V4).
      Db.update(h, "organizations.delete", "DELETE FROM <schema>.organizations WHERE id = :id")
          .bind("id", organizationId).execute();
      JdbcAudit.insert(h, event);
      return members;
    });
  }

  static boolean updateRole(Db db, Role updated, AuditEvent event) {
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("organizations.updateRole", h -> {
      int n = Db.update(h, "roles.update", "UPDATE <schema>.roles "
          + "SET permissions = CAST(:permissions AS text[]) "
          + "WHERE organization_id = :organizationId AND name = :name")
          .bind("permissions", updated.permissions().stream().sorted().toArray(String[]::new))
          .bind("organizationId", updated.organizationId()).bind("name", updated.name())
          .execute();
      if (n == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  static Optional<List<Membership>> deleteRole(Db db, String organizationId, String name,
      String fallbackRole, AuditEvent event) {
    Objects.requireNonNull(fallbackRole, "fallbackRole");
    Objects.requireNonNull(event, "event");
    return db.inTransaction("organizations.deleteRole", h -> {
      boolean exists = Db.query(h, "organizations.lock", "SELECT id FROM <schema>.organizations "
          + "WHERE id = :id FOR NO KEY UPDATE")
          .bind("id", organizationId).mapTo(String.class).findOne().isPresent();
      if (!exists) {
        return Optional.<List<Membership>>empty();
      }
      int deleted = Db.update(h, "roles.delete", "DELETE FROM <schema>.roles "
          + "WHERE organization_id = :organizationId AND name = :name")
          .bind("organizationId", organizationId).bind("name", name).execute();
      if (deleted == 0) {
        return Optional.<List<Membership>>empty();
      }
      List<Membership> moved = Db.query(h, "organization_members.fall_back",
          "UPDATE <schema>.organization_members SET role = :fallback "
              + "WHERE organization_id = :organizationId AND role = :name RETURNING "
              + MEMBERSHIP_COLUMNS)
          .bind("fallback", fallbackRole).bind("organizationId", organizationId)
          .bind("name", name).map(MEMBERSHIP).list();
      JdbcAudit.insert(h, event);
      return Optional.of(moved);
    });
  }

  static List<Membership> membersPage(Db db, String organizationId,
      @Nullable MemberPosition after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return db.withHandle("organizations.membersPage", h -> after == null
        ? Db.query(h, "organization_members.first_page", "SELECT " + MEMBERSHIP_COLUMNS
            + " FROM <schema>.organization_members WHERE organization_id = :organizationId"
            + ORDER + " LIMIT :limit")
            .bind("organizationId", organizationId).bind("limit", limit)
            .map(MEMBERSHIP).list()
        : Db.query(h, "organization_members.next_page", "SELECT " + MEMBERSHIP_COLUMNS
            + " FROM <schema>.organization_members WHERE organization_id = :organizationId "
            // A row comparison in the index's order and collation: an index condition, so a page
            // costs the same however deep it is.
            + "AND (joined_at, user_id COLLATE \"C\") > (:joinedAt, :userId)"
            + ORDER + " LIMIT :limit")
            .bind("organizationId", organizationId).bind("joinedAt", after.joinedAt())
            .bind("userId", after.userId()).bind("limit", limit)
            .map(MEMBERSHIP).list());
  }
}
