package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.NotFoundException;
import dev.janua.Role;
import dev.janua.SystemRole;
import dev.janua.memory.MemoryState.RoleKey;
import dev.janua.spi.MemberPosition;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.OwnerRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The organizations aggregate of an {@link InMemoryStore}. */
final class MemoryOrganizations implements OrganizationStore {
  private final MemoryState s;

  MemoryOrganizations(MemoryState state) {
    this.s = state;
  }

  @Override
  public void create(Organization organization, Membership owner, AuditEvent event) {
    s.locked(() -> {
      if (s.organizationIdBySlug.containsKey(organization.slug())) {
        throw new ConflictException("slug", "An organization with this slug already exists");
      }
      s.organizationIdBySlug.put(organization.slug(), organization.id());
      s.organizations.put(organization.id(), organization);
      put(owner);
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Organization> find(String organizationId) {
    return Optional.ofNullable(s.organizations.get(organizationId));
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    Map<String, Membership> org = s.memberships.get(organizationId);
    return org == null ? Optional.empty() : Optional.ofNullable(org.get(userId));
  }

  @Override
  public List<Membership> members(String organizationId) {
    return s.memberships.getOrDefault(organizationId, Map.of()).values().stream()
        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(Membership::userId))
        .toList();
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return s.memberships.values().stream()
        .map(org -> org.get(userId))
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(Membership::organizationId))
        .toList();
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    s.locked(() -> {
      if (findMembership(membership.organizationId(), membership.userId()).isPresent()) {
        throw new ConflictException("user_id", "The user already is a member of this organization");
      }
      if (!s.organizations.containsKey(membership.organizationId())) {
        throw new NotFoundException("No such organization");
      }
      if (!roleExists(membership.organizationId(), membership.role())) {
        throw new NotFoundException("No such role in this organization: " + membership.role());
      }
      put(membership);
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public MembershipChange changeRole(Membership changed, String expectedRole, AuditEvent event) {
    return s.locked(() -> {
      Membership old = findMembership(changed.organizationId(), changed.userId()).orElse(null);
      if (old == null) {
        return MembershipChange.NOT_FOUND;
      }
      if (!old.role().equals(expectedRole)) {
        return MembershipChange.STALE;
      }
      if (OwnerRule.losesOwner(old, changed.role()) && !anotherOwner(old)) {
        return MembershipChange.LAST_OWNER;
      }
      if (!roleExists(old.organizationId(), changed.role())) {
        return MembershipChange.NO_SUCH_ROLE;
      }
      put(old.withRole(changed.role()));
      s.audit.add(event);
      return MembershipChange.DONE;
    });
  }

  @Override
  public MembershipChange setStatus(String organizationId, String userId, MembershipStatus status,
      AuditEvent event) {
    return s.locked(() -> {
      Membership old = findMembership(organizationId, userId).orElse(null);
      if (old == null) {
        return MembershipChange.NOT_FOUND;
      }
      if (status != MembershipStatus.ACTIVE && OwnerRule.isActiveOwner(old) && !anotherOwner(old)) {
        return MembershipChange.LAST_OWNER;
      }
      put(old.withStatus(status));
      s.audit.add(event);
      return MembershipChange.DONE;
    });
  }

  @Override
  public MembershipChange removeMember(String organizationId, String userId, AuditEvent event) {
    return s.locked(() -> {
      Membership old = findMembership(organizationId, userId).orElse(null);
      if (old == null) {
        return MembershipChange.NOT_FOUND;
      }
      if (OwnerRule.losesOwner(old, null) && !anotherOwner(old)) {
        return MembershipChange.LAST_OWNER;
      }
      s.memberships.get(organizationId).remove(userId);
      s.audit.add(event);
      return MembershipChange.DONE;
    });
  }

  private boolean roleExists(String organizationId, String role) {
    return SystemRole.byName(role).isPresent() || s.roles.containsKey(new RoleKey(organizationId, role));
  }

  private boolean anotherOwner(Membership target) {
    return s.memberships.getOrDefault(target.organizationId(), Map.of()).values().stream()
        .anyMatch(m -> OwnerRule.isActiveOwner(m) && !m.userId().equals(target.userId()));
  }

  private void put(Membership m) {
    s.memberships.computeIfAbsent(m.organizationId(), k -> new ConcurrentHashMap<>()).put(m.userId(), m);
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    s.locked(() -> {
      RoleKey key = new RoleKey(role.organizationId(), role.name());
      if (s.roles.containsKey(key)) {
        throw new ConflictException("name", "The organization already has a role with this name");
      }
      s.roles.put(key, role);
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return Optional.ofNullable(s.roles.get(new RoleKey(organizationId, name)));
  }

  @Override
  public List<Role> roles(String organizationId) {
    return s.roles.values().stream()
        .filter(r -> r.organizationId().equals(organizationId))
        .sorted(Comparator.comparing(Role::name))
        .toList();
  }

  @Override
  public boolean updateOrganization(Organization updated, AuditEvent event) {
    return s.locked(() -> {
      Organization old = s.organizations.get(updated.id());
      if (old == null) {
        return false;
      }
      String holder = s.organizationIdBySlug.get(updated.slug());
      if (holder != null && !holder.equals(old.id())) {
        throw new ConflictException("slug", "An organization with this slug already exists");
      }
      s.organizationIdBySlug.remove(old.slug());
      s.organizationIdBySlug.put(updated.slug(), old.id());
      s.organizations.put(old.id(), new Organization(old.id(), updated.name(), updated.slug(),
          old.ownerId(), old.createdAt()));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public List<Membership> deleteOrganization(String organizationId, AuditEvent event) {
    return s.locked(() -> {
      Organization old = s.organizations.remove(organizationId);
      if (old == null) {
        return List.of();
      }
      s.organizationIdBySlug.remove(old.slug());
      Map<String, Membership> members = s.memberships.remove(organizationId);
      s.roles.keySet().removeIf(k -> k.organizationId().equals(organizationId));
      s.activeOrganizations.values().removeIf(organizationId::equals);
      // As PostgreSQL's ON DELETE CASCADE does: the organization's API tokens go with it.
      s.apiTokens.values().removeIf(t -> {
        boolean gone = t.organizationId().equals(organizationId);
        if (gone) {
          s.apiTokenIdByHash.remove(t.tokenHash());
        }
        return gone;
      });
      s.audit.add(event);
      return members == null ? List.<Membership>of() : List.copyOf(members.values());
    });
  }

  @Override
  public boolean updateRole(Role updated, AuditEvent event) {
    return s.locked(() -> {
      RoleKey key = new RoleKey(updated.organizationId(), updated.name());
      Role old = s.roles.get(key);
      if (old == null) {
        return false;
      }
      s.roles.put(key, new Role(old.organizationId(), old.name(), updated.permissions(),
          old.createdAt()));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public Optional<List<Membership>> deleteRole(String organizationId, String name,
      String fallbackRole, AuditEvent event) {
    return s.locked(() -> {
      if (s.roles.remove(new RoleKey(organizationId, name)) == null) {
        return Optional.empty();
      }
      List<Membership> moved = new ArrayList<>();
      for (Membership m : s.memberships.getOrDefault(organizationId, Map.of()).values()) {
        if (m.role().equals(name)) {
          Membership now = m.withRole(fallbackRole);
          put(now);
          moved.add(now);
        }
      }
      s.audit.add(event);
      return Optional.of(List.copyOf(moved));
    });
  }

  @Override
  public List<Membership> membersPage(String organizationId, @Nullable MemberPosition after,
      int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return members(organizationId).stream()
        .filter(m -> after == null || after.isBefore(m))
        .limit(limit)
        .toList();
  }
}
