package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security on Janua's tokens (servlet applications with Spring Security): the bean {@code
 * janua} ({@link JanuaPermissions}) for {@code @PreAuthorize("@janua.hasPermission(#orgId,
 * 'members:create')")}, and, unless the application defines a {@code SecurityFilterChain} of its
 * own, one that authenticates bearer tokens ({@link JanuaSecurity#configure}), lets {@link
 * JanuaSecurity#PUBLIC_PATHS} through and requires authentication everywhere else. Off with {@code
 * janua.web.security.enabled=false}.
 */
@AutoConfiguration(after = JanuaAutoConfiguration.class, beforeName =
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
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
