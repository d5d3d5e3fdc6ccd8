package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.MEMBERSHIP;
import static dev.janua.jdbc.internal.Rows.MEMBERSHIP_COLUMNS;
import static dev.janua.jdbc.internal.Rows.ORGANIZATION;
import static dev.janua.jdbc.internal.Rows.ORGANIZATION_COLUMNS;
import static dev.janua.jdbc.internal.Rows.ROLE;
import static dev.janua.jdbc.internal.Rows.ROLE_COLUMNS;

import dev.janua.AuditEvent;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.SystemRole;
import dev.janua.spi.MemberPosition;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.OwnerRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Organizations, members and custom roles on PostgreSQL ({@code organizations},
 * {@code organization_members}, {@code roles}).
 *
 * <p>The guarded membership changes ({@link #changeRole}, {@link #setStatus}, {@link
 * #removeMember}) serialize per organization: each transaction first locks the organization's row
 * ({@code FOR NO KEY UPDATE}), then reads the member and the other active owners, then writes. A
 * second change of the same organization, from this instance or another one on the same database,
 * waits at the lock and reads what the first committed, so two owners demoting each other or
 * leaving at once never both succeed. {@code NO KEY UPDATE} conflicts with itself but not with the
 * key-share lock that adding a member takes for its foreign key, so additions do not queue up
 * behind changes (an addition never takes an owner away).
 */
public final class JdbcOrganizations implements OrganizationStore {
  private static final String INSERT_MEMBER = "INSERT INTO <schema>.organization_members ("
      + MEMBERSHIP_COLUMNS + ") VALUES (:organizationId, :userId, :role, :status, :joinedAt)";
  private static final String FIND_MEMBER = "SELECT " + MEMBERSHIP_COLUMNS
      + " FROM <schema>.organization_members WHERE organization_id = :organizationId "
      + "AND user_id = :userId";
  private static final String LOCK = "SELECT id FROM <schema>.organizations WHERE id = :id "
      + "FOR NO KEY UPDATE";
  private static final String OTHER_OWNER = "SELECT EXISTS (SELECT 1 FROM "
      + "<schema>.organization_members WHERE organization_id = :organizationId "
      + "AND user_id <> :userId AND role = :owner AND status = :active)";
  private static final String OWNER = SystemRole.OWNER.roleName();

  private final Db db;

  /** The organizations of the store that owns {@code db}. */
  public JdbcOrganizations(Db db) {
    this.db = db;
  }

  private static void insertMember(Handle h, Membership m) {
    Objects.requireNonNull(m, "membership");
    Db.update(h, "organization_members.insert", INSERT_MEMBER)
        .bind("organizationId", m.organizationId()).bind("userId", m.userId())
        .bind("role", m.role()).bind("status", m.status().name()).bind("joinedAt", m.joinedAt())
        .execute();
  }

  @Override
  public void create(Organization organization, Membership owner, AuditEvent event) {
    Objects.requireNonNull(organization, "organization");
    db.inTransaction("organizations.create", h -> {
      Db.update(h, "organizations.insert", "INSERT INTO <schema>.organizations ("
          + ORGANIZATION_COLUMNS + ") VALUES (:id, :name, :slug, :ownerId, :createdAt)")
          .bind("id", organization.id()).bind("name", organization.name())
          .bind("slug", organization.slug()).bind("ownerId", organization.ownerId())
          .bind("createdAt", organization.createdAt())
          .execute();
      insertMember(h, owner);
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public Optional<Organization> find(String organizationId) {
    return db.withHandle("organizations.find", h -> Db.query(h, "organizations.find_by_id",
        "SELECT " + ORGANIZATION_COLUMNS + " FROM <schema>.organizations WHERE id = :id")
        .bind("id", organizationId).map(ORGANIZATION).findOne());
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    return db.withHandle("organizations.findMembership",
        h -> findMember(h, organizationId, userId));
  }

  private static Optional<Membership> findMember(Handle h, String organizationId, String userId) {
    return Db.query(h, "organization_members.find", FIND_MEMBER)
        .bind("organizationId", organizationId).bind("userId", userId)
        .map(MEMBERSHIP).findOne();
  }

  @Override
  public List<Membership> members(String organizationId) {
    return db.withHandle("organizations.members", h -> Db.query(h,
        "organization_members.of_organization", "SELECT " + MEMBERSHIP_COLUMNS
            + " FROM <schema>.organization_members WHERE organization_id = :organizationId "
            + "ORDER BY joined_at, user_id COLLATE \"C\"")
        .bind("organizationId", organizationId).map(MEMBERSHIP).list());
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return db.withHandle("organizations.membershipsOf", h -> Db.query(h,
        "organization_members.of_user", "SELECT " + MEMBERSHIP_COLUMNS
            + " FROM <schema>.organization_members WHERE user_id = :userId "
            + "ORDER BY joined_at, organization_id COLLATE \"C\"")
        .bind("userId", userId).map(MEMBERSHIP).list());
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    db.inTransaction("organizations.addMember", h -> {
      JdbcOrganizationAdmin.requireRole(h, membership.organizationId(), membership.role());
      insertMember(h, membership);
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public MembershipChange changeRole(Membership changed, String expectedRole, AuditEvent event) {
    Objects.requireNonNull(changed, "changed");
    Objects.requireNonNull(expectedRole, "expectedRole");
    Objects.requireNonNull(event, "event");
    String org = changed.organizationId();
    return guarded("organizations.changeRole", org, changed.userId(), (h, old) -> {
      if (!old.role().equals(expectedRole)) {
        return MembershipChange.STALE;
      }
      if (OwnerRule.losesOwner(old, changed.role()) && !anotherActiveOwner(h, old)) {
        return MembershipChange.LAST_OWNER;
      }
      if (!JdbcOrganizationAdmin.lockRole(h, old.organizationId(), changed.role())) {
        return MembershipChange.NO_SUCH_ROLE;
      }
      Db.update(h, "organization_members.change_role", "UPDATE <schema>.organization_members "
          + "SET role = :role WHERE organization_id = :organizationId AND user_id = :userId")
          .bind("role", changed.role()).bind("organizationId", old.organizationId())
          .bind("userId", old.userId()).execute();
      JdbcAudit.insert(h, event);
      return MembershipChange.DONE;
    });
  }

  @Override
  public MembershipChange setStatus(String organizationId, String userId, MembershipStatus status,
      AuditEvent event) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(event, "event");
    return guarded("organizations.setStatus", organizationId, userId, (h, old) -> {
      if (status != MembershipStatus.ACTIVE && OwnerRule.isActiveOwner(old)
          && !anotherActiveOwner(h, old)) {
        return MembershipChange.LAST_OWNER;
      }
      Db.update(h, "organization_members.set_status", "UPDATE <schema>.organization_members "
          + "SET status = :status WHERE organization_id = :organizationId AND user_id = :userId")
          .bind("status", status.name()).bind("organizationId", old.organizationId())
          .bind("userId", old.userId()).execute();
      JdbcAudit.insert(h, event);
      return MembershipChange.DONE;
    });
  }

  @Override
  public MembershipChange removeMember(String organizationId, String userId, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return guarded("organizations.removeMember", organizationId, userId, (h, old) -> {
      if (OwnerRule.losesOwner(old, null) && !anotherActiveOwner(h, old)) {
        return MembershipChange.LAST_OWNER;
      }
      Db.update(h, "organization_members.delete", "DELETE FROM <schema>.organization_members "
          + "WHERE organization_id = :organizationId AND user_id = :userId")
          .bind("organizationId", old.organizationId()).bind("userId", old.userId()).execute();
      JdbcAudit.insert(h, event);
      return MembershipChange.DONE;
    });
  }

  /** A check-then-write on one member, under the organization's lock; see the class comment. */
  private MembershipChange guarded(String operation, String organizationId, String userId,
      Change change) {
    return db.inTransaction(operation, h -> {
      boolean exists = Db.query(h, "organizations.lock", LOCK).bind("id", organizationId)
          .mapTo(String.class).findOne().isPresent();
      if (!exists) {
        return MembershipChange.NOT_FOUND;
      }
      // READ COMMITTED: this statement runs after the lock is held, so it sees every change that
      // committed before.
      Optional<Membership> old = findMember(h, organizationId, userId);
      return old.isEmpty() ? MembershipChange.NOT_FOUND : change.apply(h, old.get());
    });
  }

  private static boolean anotherActiveOwner(Handle h, Membership target) {
    return Db.query(h, "organization_members.other_owner", OTHER_OWNER)
        .bind("organizationId", target.organizationId()).bind("userId", target.userId())
        .bind("owner", OWNER).bind("active", MembershipStatus.ACTIVE.name())
        .mapTo(Boolean.class).one();
  }

  /** The write of one guarded change, given the member as it is under the lock. */
  @FunctionalInterface
  private interface Change {
    MembershipChange apply(Handle h, Membership old);
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    Objects.requireNonNull(role, "role");
    db.inTransaction("organizations.createRole", h -> {
      Db.update(h, "roles.insert", "INSERT INTO <schema>.roles (" + ROLE_COLUMNS + ") VALUES "
          + "(:organizationId, :name, CAST(:permissions AS text[]), :createdAt)")
          .bind("organizationId", role.organizationId()).bind("name", role.name())
          .bind("permissions", role.permissions().stream().sorted().toArray(String[]::new))
          .bind("createdAt", role.createdAt())
          .execute();
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return db.withHandle("organizations.findRole", h -> Db.query(h, "roles.find",
        "SELECT " + ROLE_COLUMNS + " FROM <schema>.roles WHERE organization_id = :organizationId "
            + "AND name = :name")
        .bind("organizationId", organizationId).bind("name", name).map(ROLE).findOne());
  }

  @Override
  public List<Role> roles(String organizationId) {
    return db.withHandle("organizations.roles", h -> Db.query(h, "roles.of_organization",
        "SELECT " + ROLE_COLUMNS + " FROM <schema>.roles WHERE organization_id = :organizationId "
            + "ORDER BY name COLLATE \"C\"")
        .bind("organizationId", organizationId).map(ROLE).list());
  }

  @Override
  public boolean updateOrganization(Organization updated, AuditEvent event) {
    return JdbcOrganizationAdmin.updateOrganization(db, updated, event);
  }

  @Override
  public List<Membership> deleteOrganization(String organizationId, AuditEvent event) {
    return JdbcOrganizationAdmin.deleteOrganization(db, organizationId, event);
  }

  @Override
  public boolean updateRole(Role updated, AuditEvent event) {
    return JdbcOrganizationAdmin.updateRole(db, updated, event);
  }

  @Override
  public Optional<List<Membership>> deleteRole(String organizationId, String name,
      String fallbackRole, AuditEvent event) {
    return JdbcOrganizationAdmin.deleteRole(db, organizationId, name, fallbackRole, event);
  }

  @Override
  public List<Membership> membersPage(String organizationId, @Nullable MemberPosition after,
      int limit) {
    return JdbcOrganizationAdmin.membersPage(db, organizationId, after, limit);
  }
}
