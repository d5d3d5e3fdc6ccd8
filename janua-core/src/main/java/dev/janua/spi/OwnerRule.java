package dev.janua.spi;

import dev.janua.Membership;
import dev.janua.SystemRole;
import org.jspecify.annotations.Nullable;

/**
 * The rule every {@link OrganizationStore} enforces: an organization keeps at least one active
 * owner. Shared so that each store applies the same definition.
 */
public final class OwnerRule {
  private OwnerRule() {}

  /** Whether the membership is an active owner. */
  public static boolean isActiveOwner(Membership m) {
    return m.isActive() && SystemRole.OWNER.roleName().equals(m.role());
  }

  /**
   * Whether giving {@code member} the role {@code newRole} (or removing it, {@code null}) takes an
   * active owner away.
   */
  public static boolean losesOwner(Membership member, @Nullable String newRole) {
    return isActiveOwner(member) && !SystemRole.OWNER.roleName().equals(newRole);
  }
}
