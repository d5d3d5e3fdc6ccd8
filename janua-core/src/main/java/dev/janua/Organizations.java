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
import java.util.TreeMap;
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
  static final int MAX_SCOPE_LENGTH = OrganizationGrants.MAX_SCOPE_LENGTH;
  /** Members per page when the caller names no limit. */
  public static final int DEFAULT_PAGE_SIZE = 50;
  /** The most members one page holds. */
  public static final int MAX_PAGE_SIZE = 100;
  /** Where the members of a deleted custom role go unless the caller names another system role. */
  public static final RoleName DEFAULT_FALLBACK_ROLE = RoleName.VIEWER;

  private final OrganizationStore store;
  private final SessionTokens sessions;
  private final Accounts accounts;
  private final Runner runner;
  private final OrganizationGrants grants;
  // Hosts pass the same constant again and again: the last permission found well-formed, compared
  // by identity. Not volatile: a stale read only means checking again; a String is safely published.
  private @Nullable String lastWellFormed;

  Organizations(OrganizationStore store, SessionTokens sessions, Accounts accounts, Runner runner,
      OrganizationGrants grants) {
    this.store = store;
    this.grants = grants;
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
      AccessGrant grant = grants.grant(principal.userId(), principal.sessionId(), id)
          .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
      return sessions.accessToken(grant, call.now());
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
      requireGrantable(caller, permissions);
      Role role = new Role(organizationId, n, permissions, call.now());
      store.createRole(role, call.event(AuditEventType.ROLE_CREATED, principal.userId(), null,
          organizationId, Map.of("role", n)));
      return role;
    });
  }

  /**
   * The principal's session with this organization active, as a new token pair: the access token
   * carries {@code org}, {@code roles} (the member's role) and {@code scope} (that role's
   * permissions), like {@link #accessToken}; the refresh token belongs to the same session, which
   * now remembers the organization, so every refresh checks the membership again and drops the
   * claims once it has ended or is suspended. {@code null} leaves any organization (tokens without
   * {@code org}). The claims are a hint: {@link AuthEngine#checkPermission} reads the current
   * membership. Rate-limited like a refresh.
   *
   * @param client who is calling ({@code null}: unknown)
   * @throws PermissionDeniedException when the principal is not an active member (or there is no
   *     such organization: the two are not told apart)
   * @throws ValidationException       (field {@code organization_id}) when malformed
   * @throws InvalidTokenException     {@code session_revoked} when the session has ended
   * @throws RateLimitedException      over the token-refresh limit
   */
  public AuthResult switchOrganization(Principal principal, @Nullable String organizationId,
      @Nullable ClientInfo client) {
    return runner.run(Operation.SWITCH_ORGANIZATION, client, call -> {
      sessions.requireLive(principal);
      AccessGrant grant = organizationId == null
          ? AccessGrant.session(principal.userId(), principal.sessionId())
          : grants.grant(principal.userId(), principal.sessionId(),
              Inputs.id(organizationId, "organization_id"))
              .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
      return sessions.switchOrganization(principal, grant, call);
    });
  }

  /**
   * Renames the organization and/or changes its slug; only an active owner may (an admin's
   * {@code org:update} permission does not suffice: renaming and re-slugging change what every
   * member and link sees).
   *
   * @param name the new display name, or {@code null} to keep it
   * @param slug the new slug, or {@code null} to keep it
   * @throws ValidationException       naming {@code name} or {@code slug}; {@code name} when both
   *     are {@code null}
   * @throws PermissionDeniedException when the principal is not an active owner
   * @throws ConflictException         (field {@code slug}) when another organization has the slug
   */
  public Organization update(Principal principal, String organizationId, @Nullable String name,
      @Nullable String slug) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      requireOwner(principal, organizationId, "Only an owner updates the organization");
      if (name == null && slug == null) {
        throw new ValidationException("name", "give a new name, a new slug or both");
      }
      Organization old = store.find(organizationId)
          .orElseThrow(() -> new NotFoundException("No such organization"));
      Organization next = new Organization(old.id(),
          name == null ? old.name() : Objects.requireNonNull(Inputs.name(name, "name", true)),
          slug == null ? old.slug() : Inputs.slug(slug), old.ownerId(), old.createdAt());
      Map<String, String> details = new TreeMap<>(Map.of("by", principal.userId()));
      if (!next.slug().equals(old.slug())) {
        details.put("from_slug", old.slug());
        details.put("to_slug", next.slug());
      }
      if (!store.updateOrganization(next, call.event(AuditEventType.ORGANIZATION_UPDATED,
          principal.userId(), null, old.id(), details))) {
        throw new NotFoundException("No such organization");
      }
      return next;
    });
  }

  /**
   * Deletes the organization with its members and custom roles; only an active owner may. Sessions
   * that had it active lose it (their next refresh carries no {@code org}). The audit log keeps its
   * events.
   *
   * @throws PermissionDeniedException when the principal is not an active owner
   */
  public void delete(Principal principal, String organizationId) {
    runner.runVoid(Operation.ORGANIZATIONS, null, call -> {
      requireOwner(principal, organizationId, "Only an owner deletes the organization");
      if (store.deleteOrganization(organizationId, call.event(AuditEventType.ORGANIZATION_DELETED,
          principal.userId(), null, organizationId, Map.of("by", principal.userId()))).isEmpty()) {
        throw new NotFoundException("No such organization");
      }
    });
  }

  /**
   * One page of the organization's members ({@code members:read}), oldest membership first, then
   * by user id: a stable order, so paging on while members join or leave neither repeats nor skips
   * one who stays.
   *
   * @param cursor the {@link MemberPage#nextCursor()} of the previous page, or {@code null} for the
   *               first page
   * @param limit  1 to {@link #MAX_PAGE_SIZE} members
   * @throws ValidationException       (field {@code limit}) out of range; (field {@code cursor})
   *     malformed
   * @throws PermissionDeniedException when not allowed
   */
  public MemberPage membersPage(Principal principal, String organizationId, @Nullable String cursor,
      int limit) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      require(principal, organizationId, "members:read");
      if (limit < 1 || limit > MAX_PAGE_SIZE) {
        throw new ValidationException("limit", "limit must be from 1 to " + MAX_PAGE_SIZE
            + ", got " + limit);
      }
      List<Membership> page = store.membersPage(organizationId, MemberPage.decode(cursor),
          limit + 1);
      if (page.size() <= limit) {
        return new MemberPage(page, null);
      }
      List<Membership> members = page.subList(0, limit);
      return new MemberPage(members, MemberPage.encode(members.get(limit - 1)));
    });
  }

  /**
   * The organization's custom roles by name ({@code roles:read}).
   *
   * @throws PermissionDeniedException when not allowed
   */
  public List<Role> roles(Principal principal, String organizationId) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      require(principal, organizationId, "roles:read");
      return store.roles(organizationId);
    });
  }

  /**
   * Replaces a custom role's permissions ({@code roles:update}); the caller must hold every
   * permission it grants. Applies at once to every member with the role, on every instance.
   *
   * @throws ValidationException       naming {@code permissions}
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when the organization has no such custom role
   */
  public Role updateRole(Principal principal, String organizationId, String name,
      Set<String> permissions) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      Membership caller = requireMembership(principal, organizationId, "roles:update");
      Role old = store.findRole(organizationId, Inputs.id(name, "name"))
          .orElseThrow(() -> new NotFoundException("No such role in this organization"));
      requireGrantable(caller, permissions);
      Role next = new Role(old.organizationId(), old.name(), permissions, old.createdAt());
      if (!store.updateRole(next, call.event(AuditEventType.ROLE_UPDATED, principal.userId(), null,
          organizationId, Map.of("role", old.name(), "by", principal.userId())))) {
        throw new NotFoundException("No such role in this organization");
      }
      return next;
    });
  }

  /**
   * Deletes a custom role ({@code roles:delete}); its members fall back to {@link
   * #DEFAULT_FALLBACK_ROLE} ({@code viewer}) in the same step.
   *
   * @return the moved memberships
   * @see #deleteRole(Principal, String, String, RoleName)
   */
  public List<Membership> deleteRole(Principal principal, String organizationId, String name) {
    return deleteRole(principal, organizationId, name, DEFAULT_FALLBACK_ROLE);
  }

  /**
   * Deletes a custom role ({@code roles:delete}) and moves its members to {@code fallback} in the
   * same store step, so a role change or addition to the role racing the deletion either comes
   * first (and its member is moved too) or fails with {@link NotFoundException}. The caller must
   * be allowed to grant {@code fallback} (the rank rules of {@link #changeRole}).
   *
   * @param fallback a system role
   * @return the moved memberships, as they are now
   * @throws ValidationException       (field {@code fallback_role}) when not a system role
   * @throws PermissionDeniedException when not allowed
   * @throws NotFoundException         when the organization has no such custom role
   */
  public List<Membership> deleteRole(Principal principal, String organizationId, String name,
      RoleName fallback) {
    return runner.run(Operation.ORGANIZATIONS, null, call -> {
      Membership caller = requireMembership(principal, organizationId, "roles:delete");
      Objects.requireNonNull(fallback, "fallback");
      if (SystemRole.byName(fallback.value()).isEmpty()) {
        throw new ValidationException("fallback_role",
            "fallback_role must be a system role: owner, admin, member or viewer");
      }
      requireCanGrant(caller, fallback);
      String n = Inputs.id(name, "name");
      return store.deleteRole(organizationId, n, fallback.value(), call.event(
          AuditEventType.ROLE_DELETED, principal.userId(), null, organizationId,
          Map.of("role", n, "fallback_role", fallback.value(), "by", principal.userId())))
          .orElseThrow(() -> new NotFoundException("No such role in this organization"));
    });
  }

  /** See {@link AuthEngine#checkPermission}. */
  boolean checkPermission(Principal principal, @Nullable String organizationId, String permission) {
    if (permission != lastWellFormed) {
      Permissions.checkRequired(permission);
      lastWellFormed = permission;
    }
    sessions.requireLiveAny(principal);
    if (organizationId == null) {
      return false;
    }
    if (principal.kind() == PrincipalKind.API_TOKEN && (!organizationId.equals(
        principal.organizationId()) || !Permissions.grants(Set.copyOf(principal.scopes()), permission))) {
      // an API token answers only in its organization, for what it was given and its owner holds
      return false;
    }
    Membership m = store.findMembership(organizationId, principal.userId()).orElse(null);
    if (m == null || !m.isActive()) {
      return false;
    }
    return grants.permissionsOf(m).map(p -> Permissions.grants(p, permission)).orElse(false);
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

  /** Well-formed, at least one, and every one held by the caller (a role never outgrows its maker). */
  private void requireGrantable(Membership caller, @Nullable Set<String> permissions) {
    if (permissions == null || permissions.isEmpty()) {
      throw new ValidationException("permissions", "a role needs at least one permission");
    }
    permissions.forEach(Permissions::checkGrantable);
    if (!Permissions.covers(grants.permissionsOf(caller).orElse(Set.of()), permissions)) {
      throw new PermissionDeniedException("A role cannot grant permissions its creator does not hold");
    }
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

  static void requireOutranksOrEquals(Membership caller, Membership target) {
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
      case NO_SUCH_ROLE -> throw new NotFoundException("No such role in this organization");
    }
  }

  private void requireOwner(Principal principal, String organizationId, String refusal) {
    Membership caller = requireMembership(principal, organizationId, "org:read");
    if (!SystemRole.OWNER.roleName().equals(caller.role())) {
      throw new PermissionDeniedException(refusal);
    }
  }
}
