package dev.janua.servlet.internal;

import dev.janua.servlet.JanuaUserPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request the filter authenticated: {@link #getUserPrincipal()} is a {@link JanuaUserPrincipal},
 * {@link #getRemoteUser()} the user id and {@link #getAuthType()} {@code Bearer}. Roles are
 * per organization in Janua, so {@link #isUserInRole} is left to the container (false without a
 * container login); check permissions with {@code AuthEngine#checkPermission}.
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {
  /** The {@link #getAuthType()} of a bearer-authenticated request. */
  public static final String BEARER = "Bearer";

  private final JanuaUserPrincipal principal;

  /**
   * @param request   the container's request
   * @param principal the authenticated principal
   */
  public AuthenticatedRequest(HttpServletRequest request, JanuaUserPrincipal principal) {
    super(request);
    this.principal = principal;
  }

  @Override
  public java.security.Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public String getAuthType() {
    return BEARER;
  }
}
