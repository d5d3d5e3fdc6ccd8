package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.spring.boot.internal.BearerTokenFilter;
import dev.janua.spring.boot.internal.JsonErrors;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * Janua's bearer authentication on a Spring Security filter chain of the application's own:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, AuthEngine engine) throws Exception {
 *   JanuaSecurity.configure(http, engine);
 *   http.authorizeHttpRequests(a -> a.requestMatchers(JanuaSecurity.PUBLIC_PATHS.toArray(String[]::new))
 *       .permitAll().anyRequest().authenticated());
 *   return http.build();
 * }
 * }</pre>
 *
 * <p>It adds the bearer-token filter (a valid token becomes a {@link JanuaAuthentication}), makes
 * the chain stateless without CSRF tokens, form login or HTTP Basic (bearer tokens are not
 * cookies), and answers 401 and 403 in Janua's error shape.
 */
public final class JanuaSecurity {
  /**
   * What the starter's own chain lets through without a token: signup, signin, refresh, the JWKS
   * and discovery documents, the error page and actuator health.
   */
  public static final List<String> PUBLIC_PATHS = List.of("/api/v1/auth/signup",
      "/api/v1/auth/signin", "/api/v1/auth/refresh", "/.well-known/**", "/error",
      "/actuator/health", "/actuator/health/**");

  private JanuaSecurity() {}

  /**
   * Configures {@code http} as described above; authorization rules stay the caller's.
   *
   * @return {@code http}
   * @throws Exception as {@code HttpSecurity} configuration does
   */
  public static HttpSecurity configure(HttpSecurity http, AuthEngine engine) throws Exception {
    JsonErrors errors = new JsonErrors();
    http.csrf(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        .addFilterBefore(new BearerTokenFilter(engine), UsernamePasswordAuthenticationFilter.class);
    return http;
  }
}
