package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.JanuaException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a {@link BearerTokenRequest} (an access token or an API token) with the engine: the answer is a {@link
 * JanuaAuthentication}; a refused token is a {@link BadCredentialsException} whose cause is
 * Janua's {@link JanuaException} (code {@code invalid_token} and its reason, and so on). The
 * starter's bearer filter authenticates through it; as a bean ({@code
 * januaAuthenticationProvider}) it also stands in for Spring Boot's generated in-memory user.
 */
public final class JanuaAuthenticationProvider implements AuthenticationProvider {
  private final AuthEngine engine;

  /** A provider validating with {@code engine}. */
  public JanuaAuthenticationProvider(AuthEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * The authentication of the request's bearer: an access token or an API token ({@code jnu_...},
   * whose {@code SCOPE_} authorities are its permissions), through {@link AuthEngine#authenticate}.
   *
   * @throws BadCredentialsException when the engine refuses the token; the cause says why
   */
  @Override
  public @Nullable Authentication authenticate(Authentication authentication)
      throws AuthenticationException {
    if (!(authentication instanceof BearerTokenRequest request)) {
      return null;
    }
    try {
      return JanuaAuthentication.of(engine.authenticate(request.token()));
    } catch (JanuaException e) {
      throw new BadCredentialsException(e.getMessage(), e);
    }
  }

  /** Whether {@code authentication} is a {@link BearerTokenRequest}. */
  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenRequest.class.isAssignableFrom(authentication);
  }

  /**
   * An access token to authenticate: not authenticated itself, and its {@link #toString()} never
   * shows the token.
   */
  public static final class BearerTokenRequest extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final String token;

    /** A request for {@code token}. */
    public BearerTokenRequest(String token) {
      super(List.of());
      this.token = Objects.requireNonNull(token, "token");
      setAuthenticated(false);
    }

    /** The access token. */
    public String token() {
      return token;
    }

    /** The access token. */
    @Override
    public Object getCredentials() {
      return token;
    }

    /** No principal before authentication: an empty string. */
    @Override
    public Object getPrincipal() {
      return "";
    }

    @Override
    public String toString() {
      return "BearerTokenRequest[token=<redacted>]";
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof BearerTokenRequest other && token.equals(other.token);
    }

    @Override
    public int hashCode() {
      return token.hashCode();
    }
  }
}
