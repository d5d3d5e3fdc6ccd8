package dev.janua.spring.boot.internal;

import dev.janua.AuthEngine;
import dev.janua.JanuaException;
import dev.janua.http.BearerToken;
import dev.janua.spring.boot.JanuaAuthenticationProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a valid {@code Authorization: Bearer} access token into a {@link dev.janua.spring.boot.JanuaAuthentication} in
 * the security context. A request without a token goes on unauthenticated; a refused token goes
 * on unauthenticated too, with the refusal left in {@link JsonErrors#FAILURE} so that a route that
 * needs authentication answers 401 with its reason, while a public route (signin, say) is not
 * blocked by a stale header. The token is not kept.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {
  private final JanuaAuthenticationProvider provider;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  /** A filter validating with {@code engine}. */
  public BearerTokenFilter(AuthEngine engine) {
    this.provider = new JanuaAuthenticationProvider(Objects.requireNonNull(engine, "engine"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    Optional<String> token = BearerToken.parse(header);
    if (token.isPresent()) {
      try {
        Authentication a =
            provider.authenticate(new JanuaAuthenticationProvider.BearerTokenRequest(token.get()));
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(a);
        contexts.setContext(context);
      } catch (AuthenticationException e) {
        request.setAttribute(JsonErrors.FAILURE, e.getCause() instanceof JanuaException j ? j : e);
      }
    } else if (header != null && header.regionMatches(true, 0, "Bearer", 0, 6)) {
      try {
        BearerToken.require(header);
      } catch (JanuaException e) {
        request.setAttribute(JsonErrors.FAILURE, e);
      }
    }
    chain.doFilter(request, response);
  }
}
