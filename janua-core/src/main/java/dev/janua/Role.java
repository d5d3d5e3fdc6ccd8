package dev.janua;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A custom role of one organization: a name and a set of {@code resource:action} permissions,
 * where either part may be {@code *}.
 *
 * @param organizationId the organization the role belongs to
 * @param name           the role name, unique in the organization and not a system role name
 * @param permissions    the permissions it grants
 * @param createdAt      when it was created
 */
public record Role(String organizationId, String name, Set<String> permissions, Instant createdAt) {
  public Role {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(name, "name");
    permissions = Set.copyOf(permissions);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
