package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security on Janua's tokens (servlet applications with Spring Security): the bean {@code
 * janua} ({@link JanuaPermissions}) for {@code @PreAuthorize("@janua.hasPermission(#orgId,
 * 'members:create')")}, and, unless the application defines a {@code SecurityFilterChain} of its
 * own, one that authenticates bearer tokens ({@link JanuaSecurity#configure}), lets {@link
 * JanuaSecurity#PUBLIC_PATHS} through and requires authentication everywhere else. Off with {@code
 * janua.web.security.enabled=false}. The bean {@code januaAuthenticationProvider} ({@link
 * JanuaAuthenticationProvider}) is there unless the application has authentication of its own.
 */
@AutoConfiguration(after = JanuaAutoConfiguration.class, beforeName = {
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "janua.web.security.enabled", matchIfMissing = true)
@ConditionalOnBean(AuthEngine.class)
public final class JanuaSecurityAutoConfiguration {
  /** Created by Spring. */
  public JanuaSecurityAutoConfiguration() {}

  @Bean(name = "janua")
  @ConditionalOnMissingBean(name = "janua")
  JanuaPermissions janua(AuthEngine engine) {
    return new JanuaPermissions(engine);
  }

  /**
   * Also keeps Spring Boot from generating an in-memory user with a logged password; an
   * application with authentication of its own ({@code UserDetailsService}, {@code
   * AuthenticationProvider}) keeps it as it is.
   */
  @Bean
  @ConditionalOnMissingBean({AuthenticationProvider.class, UserDetailsService.class,
      AuthenticationManager.class})
  JanuaAuthenticationProvider januaAuthenticationProvider(AuthEngine engine) {
    return new JanuaAuthenticationProvider(engine);
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain januaSecurityFilterChain(HttpSecurity http, AuthEngine engine)
      throws Exception {
    JanuaSecurity.configure(http, engine);
    http.authorizeHttpRequests(a -> a
        .requestMatchers(JanuaSecurity.PUBLIC_PATHS.toArray(String[]::new)).permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
