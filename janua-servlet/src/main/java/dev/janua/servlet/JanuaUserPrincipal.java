package dev.janua.servlet;

import dev.janua.Principal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code HttpServletRequest#getUserPrincipal()} returns on a request the {@link
 * JanuaAuthenticationFilter} authenticated: a {@link java.security.Principal} whose {@link
 * #getName()} is the Janua user id, wrapping the engine's {@link Principal} (which is deliberately
 * not a {@code java.security.Principal}, so the two never pass for each other).
 */
public final class JanuaUserPrincipal implements java.security.Principal {
  private final Principal principal;

  /**
   * Wraps a principal the engine made.
   *
   * @param principal from {@code AuthEngine#validate}
   * @throws NullPointerException when {@code principal} is null
   */
  public JanuaUserPrincipal(Principal principal) {
    this.principal = Objects.requireNonNull(principal, "principal");
  }

  /** The user id ({@code sub} claim). */
  @Override
  public String getName() {
    return principal.userId();
  }

  /** The engine's principal: pass it to engine operations ({@code signout}, {@code checkPermission}). */
  public Principal principal() {
    return principal;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JanuaUserPrincipal p && p.principal.equals(principal);
  }

  @Override
  public int hashCode() {
    return principal.hashCode();
  }

  @Override
  public String toString() {
    return "JanuaUserPrincipal[userId=" + principal.userId() + ", sessionId="
        + principal.sessionId() + "]";
  }
}
