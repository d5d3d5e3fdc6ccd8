package dev.janua;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The built-in roles every organization has, ordered {@code owner > admin > member > viewer}.
 * A member may grant or change roles only up to their own rank, and only an owner grants
 * {@code owner}.
 */
public enum SystemRole {
  /** Everything, including deleting the organization and granting ownership. */
  OWNER(4, Set.of("*")),
  /** Runs the organization: members, roles, settings, audit log; not deletion or ownership. */
  ADMIN(3, Set.of("org:read", "org:update", "members:*", "roles:*", "settings:*", "audit:read",
      "sessions:read")),
  /** Takes part: reads the organization, its members and roles. */
  MEMBER(2, Set.of("org:read", "members:read", "roles:read")),
  /** Looks: reads the organization only. */
  VIEWER(1, Set.of("org:read"));

  private final int rank;
  private final Set<String> permissions;

  SystemRole(int rank, Set<String> permissions) {
    this.rank = rank;
    this.permissions = permissions;
  }

  /** The lower-case name used in memberships and tokens, e.g. {@code "admin"}. */
  public String roleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The permissions this role grants. */
  public Set<String> permissions() {
    return permissions;
  }

  /** Higher outranks lower. */
  public int rank() {
    return rank;
  }

  /** The system role with this name ({@code "owner"}, ...), if it is one. */
  public static Optional<SystemRole> byName(@Nullable String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
  }

  private static final java.util.Map<String, SystemRole> BY_NAME = java.util.Map.of(
      "owner", OWNER, "admin", ADMIN, "member", MEMBER, "viewer", VIEWER);
}
