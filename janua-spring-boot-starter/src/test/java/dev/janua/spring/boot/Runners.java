package dev.janua.spring.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Context runners over the starter's auto-configuration, on the in-memory store. */
final class Runners {
  private Runners() {}

  /** The engine's auto-configuration; the process environment replaced by {@code env}. */
  static ApplicationContextRunner engine(Map<String, Object> env) {
    return new ApplicationContextRunner()
        .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
        .withPropertyValues("janua.bcrypt-rounds=4")
        .withConfiguration(AutoConfigurations.of(JanuaAutoConfiguration.class));
  }

  /** A servlet web context with Spring Security and every Janua auto-configuration. */
  static WebApplicationContextRunner web() {
    return new WebApplicationContextRunner()
        .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of())))
        .withPropertyValues("janua.bcrypt-rounds=4")
        .withConfiguration(AutoConfigurations.of(JanuaAutoConfiguration.class,
            JanuaSecurityAutoConfiguration.class, JanuaWebAutoConfiguration.class,
            SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class));
  }
}
