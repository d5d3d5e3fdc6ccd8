package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.MemberPosition;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The organizations aggregate of a {@link CachingStore}. A guarded membership change ({@link
 * #changeRole}, {@link #setStatus}, {@link #removeMember}) drops the member's entries whatever its
 * outcome: {@code DONE} changed them; {@code STALE}, {@code LAST_OWNER} and {@code NOT_FOUND} wrote
 * nothing, but the caller may have decided on a cached copy that was out of date, and its next read
 * should see the store's.
 */
final class CachingOrganizations implements OrganizationStore {
  private final OrganizationStore delegate;
  private final TieredCache cache;

  CachingOrganizations(OrganizationStore delegate, TieredCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  @Override
  public void create(Organization organization, Membership owner, AuditEvent event) {
    try {
      delegate.create(organization, owner, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.organization(organization.id()),
          CacheKeys.membership(owner.organizationId(), owner.userId()),
          CacheKeys.members(owner.organizationId()),
          CacheKeys.membershipsOf(owner.userId())), List.of());
    }
  }

  @Override
  public Optional<Organization> find(String organizationId) {
    return cache.get(CacheKeys.organization(organizationId), CacheDataType.ORGANIZATION,
        () -> delegate.find(organizationId));
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    return cache.get(CacheKeys.membership(organizationId, userId), CacheDataType.PERMISSIONS,
        () -> delegate.findMembership(organizationId, userId));
  }

  @Override
  public List<Membership> members(String organizationId) {
    return cache.get(CacheKeys.members(organizationId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.members(organizationId)));
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return cache.get(CacheKeys.membershipsOf(userId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.membershipsOf(userId)));
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    try {
      delegate.addMember(membership, event);
    } finally {
      invalidateMember(membership.organizationId(), membership.userId());
    }
  }

  @Override
  public MembershipChange changeRole(Membership changed, String expectedRole, AuditEvent event) {
    try {
      return delegate.changeRole(changed, expectedRole, event);
    } finally {
      invalidateMember(changed.organizationId(), changed.userId());
    }
  }

  @Override
  public MembershipChange setStatus(String organizationId, String userId, MembershipStatus status,
      AuditEvent event) {
    try {
      return delegate.setStatus(organizationId, userId, status, event);
    } finally {
      invalidateMember(organizationId, userId);
    }
  }

  @Override
  public MembershipChange removeMember(String organizationId, String userId, AuditEvent event) {
    try {
      return delegate.removeMember(organizationId, userId, event);
    } finally {
      invalidateMember(organizationId, userId);
    }
  }

  /** The member's own entry, the organization's member list and the user's membership list. */
  private void invalidateMember(String organizationId, String userId) {
    cache.invalidateAll(List.of(CacheKeys.membership(organizationId, userId),
        CacheKeys.members(organizationId), CacheKeys.membershipsOf(userId)), List.of());
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    try {
      delegate.createRole(role, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.role(role.organizationId(), role.name()),
          CacheKeys.roles(role.organizationId())), List.of());
    }
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return cache.get(CacheKeys.role(organizationId, name), CacheDataType.PERMISSIONS,
        () -> delegate.findRole(organizationId, name));
  }

  @Override
  public List<Role> roles(String organizationId) {
    return cache.get(CacheKeys.roles(organizationId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.roles(organizationId)));
  }

  @Override
  public boolean updateOrganization(Organization updated, AuditEvent event) {
    try {
      return delegate.updateOrganization(updated, event);
    } finally {
      cache.invalidate(CacheKeys.organization(updated.id()));
    }
  }

  /**
   * Drops every key of the organization (its own, and under {@code org:<id>:} its members, member
   * list and roles) and the membership lists of the members removed.
   */
  @Override
  public List<Membership> deleteOrganization(String organizationId, AuditEvent event) {
    List<Membership> removed = List.of();
    try {
      removed = delegate.deleteOrganization(organizationId, event);
      return removed;
    } finally {
      List<String> keys = new ArrayList<>();
      keys.add(CacheKeys.organization(organizationId));
      removed.forEach(m -> keys.add(CacheKeys.membershipsOf(m.userId())));
      cache.invalidateAll(keys, List.of(CacheKeys.organization(organizationId) + ":"));
    }
  }

  /** Drops the role and the role list: members' permissions are read from the role, so they follow. */
  @Override
  public boolean updateRole(Role updated, AuditEvent event) {
    try {
      return delegate.updateRole(updated, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.role(updated.organizationId(), updated.name()),
          CacheKeys.roles(updated.organizationId())), List.of());
    }
  }

  /**
   * Drops the role, the role list, the member list and every moved member's entries; when the
   * delegate threw (the moved members unknown), every member entry of the organization.
   */
  @Override
  public Optional<List<Membership>> deleteRole(String organizationId, String name,
      String fallbackRole, AuditEvent event) {
    @Nullable Optional<List<Membership>> moved = null;
    try {
      moved = delegate.deleteRole(organizationId, name, fallbackRole, event);
      return moved;
    } finally {
      List<String> keys = new ArrayList<>(List.of(CacheKeys.role(organizationId, name),
          CacheKeys.roles(organizationId), CacheKeys.members(organizationId)));
      List<String> prefixes = new ArrayList<>();
      if (moved == null) {
        prefixes.add(CacheKeys.membership(organizationId, ""));
      } else {
        moved.orElse(List.of()).forEach(m -> {
          keys.add(CacheKeys.membership(organizationId, m.userId()));
          keys.add(CacheKeys.membershipsOf(m.userId()));
        });
      }
      cache.invalidateAll(keys, prefixes);
    }
  }

  /** Not cached: each page is read from the store, exact. */
  @Override
  public List<Membership> membersPage(String organizationId, @Nullable MemberPosition after,
      int limit) {
    return delegate.membersPage(organizationId, after, limit);
  }
}
