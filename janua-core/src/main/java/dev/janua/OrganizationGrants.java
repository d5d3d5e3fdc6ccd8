package dev.janua;

import dev.janua.internal.AccessGrant;
import dev.janua.spi.OrganizationStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a membership grants: the permissions of its role (a system role with its configured
 * template, or the organization's custom role, read from the store each time), and the access
 * grant of a session with an organization active. Shared by {@link Organizations} (checks, org
 * tokens, switching) and {@link SessionTokens} (refresh re-checks the active organization).
 */
final class OrganizationGrants {
  /** The longest {@code scope} an organization's token carries, in characters. */
  static final int MAX_SCOPE_LENGTH = 4096;

  private final OrganizationStore store;
  private final Map<SystemRole, Set<String>> systemPermissions = new EnumMap<>(SystemRole.class);

  OrganizationGrants(OrganizationStore store, JanuaConfig config) {
    this.store = store;
    for (SystemRole r : SystemRole.values()) {
      systemPermissions.put(r, config.permissionsOf(r));
    }
  }

  /** The permissions of the member's role now; empty when it is a custom role that is gone. */
  Optional<Set<String>> permissionsOf(Membership m) {
    Optional<SystemRole> system = SystemRole.byName(m.role());
    if (system.isPresent()) {
      return Optional.of(systemPermissions.get(system.get()));
    }
    return store.findRole(m.organizationId(), m.role()).map(Role::permissions);
  }

  /** The permissions of a system role with its template. */
  Set<String> permissionsOf(SystemRole role) {
    return systemPermissions.get(role);
  }

  /**
   * The grant of the session in the organization, with the member's role and its permissions as
   * scopes (sorted), or empty when the user is not an active member.
   *
   * @throws ValidationException (field {@code permissions}) when the scopes exceed 4096 characters
   */
  Optional<AccessGrant> grant(String userId, String sessionId, String organizationId) {
    Membership m = store.findMembership(organizationId, userId).filter(Membership::isActive)
        .orElse(null);
    if (m == null) {
      return Optional.empty();
    }
    List<String> scopes = List.copyOf(new TreeSet<>(permissionsOf(m).orElse(Set.of())));
    if (String.join(" ", scopes).length() > MAX_SCOPE_LENGTH) {
      // Past this the token would outgrow what the verifier reads (8 KiB).
      throw new ValidationException("permissions", "The role " + m.role() + " grants too many "
          + "permissions to carry as a token's scope (at most " + MAX_SCOPE_LENGTH
          + " characters); grant wildcards such as members:* instead");
    }
    return Optional.of(AccessGrant.organization(userId, sessionId, organizationId, m.role(), scopes));
  }
}
