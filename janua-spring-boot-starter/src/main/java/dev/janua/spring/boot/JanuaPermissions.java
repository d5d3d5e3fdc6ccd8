package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.Principal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The bean named {@code janua}, for Spring Security expressions:
 *
 * <pre>{@code
 * @PreAuthorize("@janua.hasPermission(#orgId, 'members:create')")
 * }</pre>
 *
 * <p>It asks the engine ({@code AuthEngine#checkPermission}) with the current request's Janua
 * principal, so the answer follows the member's current role, not the one in the token.
 */
public final class JanuaPermissions {
  private final AuthEngine engine;

  /** The expressions over {@code engine}. */
  public JanuaPermissions(AuthEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Whether the current user holds {@code permission} ({@code resource:action}) in the
   * organization; false without a Janua authentication.
   */
  public boolean hasPermission(@Nullable String organizationId, String permission) {
    return principal().map(p -> engine.checkPermission(p, organizationId, permission))
        .orElse(false);
  }

  /** The current request's Janua principal, when a Janua token authenticated it. */
  public Optional<Principal> principal() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    return a instanceof JanuaAuthentication j ? Optional.of(j.getPrincipal()) : Optional.empty();
  }
}
