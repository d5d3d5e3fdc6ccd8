package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.servlet.JanuaAuthServlet;
import dev.janua.spring.boot.internal.JanuaExceptionAdvice;
import dev.janua.spring.boot.internal.MetadataController;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;

/**
 * Janua on Spring MVC (servlet applications):
 *
 * <ul>
 *   <li>always: a controller advice answering a {@code JanuaException} thrown by any controller in
 *       Janua's error shape (bean {@code januaExceptionAdvice});
 *   <li>with {@code janua.web.routes.enabled=true} (off by default: an application opts in to
 *       serving signup): janua-servlet's {@link JanuaAuthServlet} at {@value #AUTH_ROUTES}
 *       (signup, signin, refresh, signout, me: the example service's paths, bodies and status
 *       codes; bean {@code januaAuthServlet}), and {@code GET /.well-known/jwks.json}, {@code
 *       /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}.
 * </ul>
 */
@AutoConfiguration(after = JanuaAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({JanuaAuthServlet.class, ServletRegistrationBean.class, RestController.class})
@ConditionalOnBean(AuthEngine.class)
public final class JanuaWebAutoConfiguration {
  /** Where the auth servlet is mapped. */
  public static final String AUTH_ROUTES = "/api/v1/auth/*";

  /** Created by Spring. */
  public JanuaWebAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  JanuaExceptionAdvice januaExceptionAdvice() {
    return new JanuaExceptionAdvice();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "janua.web.routes.enabled", havingValue = "true")
  static class Routes {
    @Bean
    @ConditionalOnMissingBean(name = "januaAuthServlet")
    ServletRegistrationBean<JanuaAuthServlet> januaAuthServlet(AuthEngine engine) {
      ServletRegistrationBean<JanuaAuthServlet> r =
          new ServletRegistrationBean<>(new JanuaAuthServlet(engine), AUTH_ROUTES);
      r.setName("januaAuthServlet");
      return r;
    }

    @Bean
    @ConditionalOnMissingBean
    MetadataController januaMetadataController(AuthEngine engine) {
      return new MetadataController(engine);
    }
  }
}
