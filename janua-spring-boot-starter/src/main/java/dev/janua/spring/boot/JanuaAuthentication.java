package dev.janua.spring.boot;

import dev.janua.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A Spring Security {@code Authentication} for a validated Janua access token: {@link
 * #getPrincipal()} is Janua's {@link Principal}, {@link #getName()} the user id, and the
 * authorities are {@code ROLE_<role>} for the token's {@code roles} claim (an organization token
 * of an owner: {@code ROLE_owner}, so {@code hasRole('owner')}) and {@code SCOPE_<scope>} for each
 * entry of its {@code scope} claim ({@code SCOPE_members:read}; an owner's {@code *} is {@code
 * SCOPE_*}). A session's own token (no organization) has no authorities. The token itself is not
 * kept: {@link #getCredentials()} is null.
 */
public final class JanuaAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The prefix of a role's authority. */
  public static final String ROLE_PREFIX = "ROLE_";
  /** The prefix of a scope's authority. */
  public static final String SCOPE_PREFIX = "SCOPE_";

  private final transient Principal principal;

  private JanuaAuthentication(Principal principal, List<GrantedAuthority> authorities) {
    super(authorities);
    this.principal = principal;
    setAuthenticated(true);
  }

  /** The authentication of a principal the engine validated. */
  public static JanuaAuthentication of(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    return new JanuaAuthentication(principal, authorities(principal));
  }

  /** The authorities of {@code principal}: {@code ROLE_<role>}, then {@code SCOPE_<scope>}. */
  public static List<GrantedAuthority> authorities(Principal principal) {
    List<GrantedAuthority> a = new ArrayList<>();
    for (String role : principal.roles()) {
      a.add(new SimpleGrantedAuthority(ROLE_PREFIX + role));
    }
    for (String scope : principal.scopes()) {
      a.add(new SimpleGrantedAuthority(SCOPE_PREFIX + scope));
    }
    return List.copyOf(a);
  }

  /** Janua's principal. */
  @Override
  public Principal getPrincipal() {
    return principal;
  }

  /** Always null: the token is not kept. */
  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  /** The user id. */
  @Override
  public String getName() {
    return principal.userId();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JanuaAuthentication other && principal.equals(other.principal)
        && getAuthorities().equals(other.getAuthorities());
  }

  @Override
  public int hashCode() {
    return principal.hashCode();
  }
}
