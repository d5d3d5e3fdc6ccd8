package dev.janua;

import dev.janua.internal.AccessGrant;
import dev.janua.internal.Inputs;
import dev.janua.internal.Permissions;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Organizations, members and roles ({@code engine.organizations()}). Every call takes the
 * principal of a live session (else {@link InvalidTokenException} {@code session_revoked}) and
 * checks its permission in the organization; ranks are {@code owner > admin > member > viewer}: a
 * member grants and changes roles only up to their own rank, only an owner grants {@code owner},
 * only owners and admins grant custom roles, and an organization never loses its last owner.
 */
public final class Organizations {
  /** The longest {@code scope} an organization's token carries, in characters. */
  static final int MAX_SCOPE_LENGTH = 4096;

  private final OrganizationStore store;
  private final SessionTokens sessions;
  private final Accounts accounts;
  private final Runner runner;
  // Hosts pass the same constant again and again: the last permission found well-formed, compared
  // by identity. Not volatile: a stale read only means checking again; a String is safely published.
  private @Nullable String lastWellFormed;

  Organizations(OrganizationStore store, SessionTokens sessions, Accounts accounts, Runner runner) {
    this.store = store;
    this.sessions = sessions;
    this.accounts = accounts;
    this.runner = runner;
  }

  /**
   * Creates an organization with the principal as its owner.
   *
   * @throws ValidationException naming {@code name} or {@code slug}
   * @throws ConflictException   (field {@code slug}) when the slug is taken
   */
  public Organization create(Principal principal, String name, String slug) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      sessions.requireLive(principal);
      Organization org = new Organization(Call.newId(), Inputs.name(name, "name", true),
          Inputs.slug(slug), principal.userId(), call.now());
      store.create(org, new Membership(org.id(), principal.userId(), SystemRole.OWNER.roleName(),
          MembershipStatus.ACTIVE, call.now()), call.event(AuditEventType.ORGANIZATION_CREATED,
          principal.userId(), null, org.id(), Map.of()));
      return org;
    });
  }

  /**
   * An organization the principal may read ({@code org:read}).
   *
   * @throws PermissionDeniedException when the principal is not an active member (or there is no
   *     such organization: the two are not told apart)
   */
  public Organization get(Principal principal, String organizationId) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      require(principal, organizationId, "org:read");
      return store.find(organizationId)
          .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
    });
  }

  /** The organizations the principal is an active member of, oldest membership first. */
  public List<Organization> list(Principal principal) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      sessions.requireLive(principal);
      return store.membershipsOf(principal.userId()).stream()
          .filter(Membership::isActive)
          .map(m -> store.find(m.organizationId()).orElse(null))
          .filter(Objects::nonNull)
          .toList();
    });
  }

  /**
   * An access token of the principal's session with this organization active: claims {@code org},
   * {@code roles} (the member's role) and {@code scope} (that role's permissions, sorted), as
   * docs/tokens.md lists them. The claims say what held when it was issued; {@link
   * AuthEngine#checkPermission} always reads the current role. A refresh yields the session's own
   * token again (no organization): ask for this one anew.
   *
   * @throws PermissionDeniedException when the principal is not an active member (or there is no
   *     such organization: the two are not told apart)
   * @throws ValidationException       (field {@code organization_id}) when malformed; (field {@code
   *     permissions}) when the role's permissions exceed 4096 characters as a scope
   */
  public AccessToken accessToken(Principal principal, String organizationId) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      sessions.requireLive(principal);
      String id = Inputs.id(organizationId, "organization_id");
      Membership m = store.findMembership(id, principal.userId()).filter(Membership::isActive)
          .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
      List<String> scopes = List.copyOf(new TreeSet<>(permissionsOf(m).orElse(Set.of())));
      if (String.join(" ", scopes).length() > MAX_SCOPE_LENGTH) {
        // Past this the token would outgrow what the verifier reads (8 KiB).
        throw new ValidationException("permissions", "The role " + m.role() + " grants too many "
            + "permissions to carry as a token's scope (at most " + MAX_SCOPE_LENGTH
            + " characters); grant wildcards such as members:* instead");
      }
      return sessions.accessToken(AccessGrant.organization(principal.userId(),
          principal.sessionId(), id, m.role(), scopes), call.now());
    });
  }

  /**
   * The organization's members ({@code members:read}).
   *
   * @throws PermissionDeniedException when not allowed
   */
  public List<Membership> members(Principal principal, String organizationId) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      require(principal, organizationId, "members:read");
      return store.members(organizationId);
    });
  }

  /**
   * Adds a user to the organization ({@code members:create}) under the rank rules. For trusted
   * server code (provisioning, an operator's console): do not expose it to members, who neither
   * know nor should learn other users' ids; members invite by email through {@link Invitations}.
   *
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when the user or the role does not exist
   * @throws ConflictException         when the user already is a member
   */
  public Membership addMember(Principal principal, String organizationId, String userId, RoleName role) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      Membership caller = requireMembership(principal, organizationId, "members:create");
      requireCanGrant(caller, role);
      accounts.user(userId);
      Membership m = new Membership(organizationId, userId, role.value(), MembershipStatus.ACTIVE,
          call.now());
      store.addMember(m, call.event(AuditEventType.MEMBER_ADDED, userId, null, organizationId,
          Map.of("role", role.value(), "by", principal.userId())));
      return m;
    });
  }

  /**
   * Changes a member's role ({@code members:update}) under the rank rules; a member of higher rank
   * than the caller cannot be changed, and the last owner cannot be demoted, however many changes
   * race.
   *
   * @throws PermissionDeniedException when not allowed, or the member is the last owner
   * @throws NotFoundException         when there is no such member or role
   * @throws ConflictException         when the member's role changed meanwhile
   */
  public Membership changeRole(Principal principal, String organizationId, String userId, RoleName role) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      Membership caller = requireMembership(principal, organizationId, "members:update");
      requireCanGrant(caller, role);
      Membership target = store.findMembership(organizationId, Inputs.id(userId, "user_id"))
          .orElseThrow(() -> new NotFoundException("No such member"));
      requireOutranksOrEquals(caller, target);
      Membership changed = target.withRole(role.value());
      check(store.changeRole(changed, target.role(), call.event(AuditEventType.ROLE_CHANGED, userId,
          null, organizationId, Map.of("from", target.role(), "to", role.value(),
              "by", principal.userId()))));
      return changed;
    });
  }

  /**
   * Removes a member ({@code members:delete}, or anyone leaving on their own); the last owner
   * cannot leave.
   *
   * @throws PermissionDeniedException when not allowed, or the member is the last owner
   * @throws NotFoundException         when there is no such member
   */
  public void removeMember(Principal principal, String organizationId, String userId) {
    runner.runVoid(Operation.ORGANIZATIONS, null, call -> {
      boolean self = principal.userId().equals(userId);
      Membership caller = requireMembership(principal, organizationId,
          self ? "org:read" : "members:delete");
      Membership target = store.findMembership(organizationId, Inputs.id(userId, "user_id"))
          .orElseThrow(() -> new NotFoundException("No such member"));
      if (!self) {
        requireOutranksOrEquals(caller, target);
      }
      check(store.removeMember(organizationId, userId, call.event(AuditEventType.MEMBER_REMOVED,
          userId, null, organizationId, Map.of("by", principal.userId()))));
    });
  }

  /**
   * Creates a custom role ({@code roles:create}); the caller must hold every permission it grants.
   *
   * @throws ValidationException       naming {@code name} or {@code permissions}
   * @throws PermissionDeniedException when not allowed
   * @throws ConflictException         (field {@code name}) when the name is taken
   */
  public Role createRole(Principal principal, String organizationId, String name, Set<String> permissions) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      Membership caller = requireMembership(principal, organizationId, "roles:create");
      String n = Inputs.name(name, "name", true).toLowerCase(Locale.ROOT);
      if (SystemRole.byName(n).isPresent() || !n.matches("[a-z0-9][a-z0-9_-]{0,49}")) {
        throw new ValidationException("name",
            "role name must be 1 to 50 of a-z, 0-9, _ and -, and not a system role name");
      }
      if (permissions == null || permissions.isEmpty()) {
        throw new ValidationException("permissions", "a role needs at least one permission");
      }
      permissions.forEach(Permissions::checkGrantable);
      if (!Permissions.covers(permissionsOf(caller).orElse(Set.of()), permissions)) {
        throw new PermissionDeniedException("A role cannot grant permissions its creator does not hold");
      }
      Role role = new Role(organizationId, n, permissions, call.now());
      store.createRole(role, call.event(AuditEventType.ROLE_CREATED, principal.userId(), null,
          organizationId, Map.of("role", n)));
      return role;
    });
  }

  /** See {@link AuthEngine#checkPermission}. */
  boolean checkPermission(Principal principal, @Nullable String organizationId, String permission) {
    if (permission != lastWellFormed) {
      Permissions.checkRequired(permission);
      lastWellFormed = permission;
    }
    sessions.requireLive(principal);
    if (organizationId == null) {
      return false;
    }
    Membership m = store.findMembership(organizationId, principal.userId()).orElse(null);
    if (m == null || !m.isActive()) {
      return false;
    }
    return permissionsOf(m).map(p -> Permissions.grants(p, permission)).orElse(false);
  }

  /** See {@link AuthEngine#requirePermission}. */
  void require(Principal principal, @Nullable String organizationId, String permission) {
    if (!checkPermission(principal, organizationId, permission)) {
      throw new PermissionDeniedException("Missing permission " + permission + " in this organization");
    }
  }

  /** The caller's membership, after checking the permission (also for {@link Invitations}). */
  Membership requireMembership(Principal principal, String organizationId, String permission) {
    require(principal, organizationId, permission);
    return store.findMembership(organizationId, principal.userId())
        .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
  }

  private Optional<Set<String>> permissionsOf(Membership m) {
    Optional<SystemRole> system = SystemRole.byName(m.role());
    if (system.isPresent()) {
      return Optional.of(system.get().permissions());
    }
    return store.findRole(m.organizationId(), m.role()).map(Role::permissions);
  }

  /** A role's rank: its system role's, 0 for a custom role. */
  static int rank(String role) {
    return SystemRole.byName(role).map(SystemRole::rank).orElse(0);
  }

  /** The rank rules of granting a role (also for {@link Invitations}). */
  void requireCanGrant(Membership caller, RoleName role) {
    Objects.requireNonNull(role, "role");
    Optional<SystemRole> system = SystemRole.byName(role.value());
    int callerRank = rank(caller.role());
    if (system.isPresent()) {
      if (system.get().rank() > callerRank) {
        throw new PermissionDeniedException("Cannot grant a role above your own");
      }
      return;
    }
    if (store.findRole(caller.organizationId(), role.value()).isEmpty()) {
      throw new NotFoundException("No such role in this organization: " + role.value());
    }
    if (callerRank < SystemRole.ADMIN.rank()) {
      throw new PermissionDeniedException("Only owners and admins grant custom roles");
    }
  }

  private static void requireOutranksOrEquals(Membership caller, Membership target) {
    if (rank(target.role()) > rank(caller.role())) {
      throw new PermissionDeniedException("Cannot change a member who outranks you");
    }
  }

  private static void check(MembershipChange change) {
    switch (change) {
      case DONE -> { }
      case NOT_FOUND -> throw new NotFoundException("No such member");
      case LAST_OWNER -> throw new PermissionDeniedException("An organization must keep at least one owner");
      case STALE -> throw new ConflictException("role", "The member's role changed meanwhile; try again");
    }
  }
}
