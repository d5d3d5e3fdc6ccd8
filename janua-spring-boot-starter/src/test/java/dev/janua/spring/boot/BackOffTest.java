package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.JanuaConfig;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.JanuaPlugin;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import dev.janua.cache.CachePlugin;
import dev.janua.jdbc.JdbcPlugin;
import dev.janua.metrics.MicrometerPlugin;
import dev.janua.redis.RedisPlugin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Each bean of the starter gives way to the application's own. */
class BackOffTest {
  @Test
  void engine_isABean_closedWithTheContext() {
    AtomicReference<AuthEngine> engine = new AtomicReference<>();
    Runners.engine(Map.of()).run(ctx -> {
      assertThat(ctx).hasSingleBean(AuthEngine.class).hasSingleBean(JanuaHealthIndicator.class);
      engine.set(ctx.getBean(AuthEngine.class));
      assertThat(engine.get().ready().ready()).isTrue();
    });
    assertThatThrownBy(() -> engine.get().checkPermission(null, null, "members:read"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void applicationsEngine_replacesTheStarters() {
    Runners.engine(Map.of()).withUserConfiguration(OwnEngine.class).run(ctx -> {
      assertThat(ctx).hasSingleBean(AuthEngine.class);
      assertThat(ctx.getBean(AuthEngine.class).config().audience()).isEqualTo("own");
      assertThat(ctx).doesNotHaveBean("januaEngine");
    });
  }

  @Test
  void pluginBean_ofTheStartersName_replacesIt_andOtherPluginsAndCustomizersApply() {
    Runners.engine(Map.of()).withUserConfiguration(OwnPlugins.class).run(ctx -> {
      assertThat(ctx.getBean("januaJdbcPlugin")).isSameAs(OwnPlugins.JDBC);
      assertThat(ctx.getBean(AuthEngine.class).ready().checks())
          .containsEntry("own-plugin", "ok").containsEntry("own-customizer", "ok");
    });
  }

  @Test
  void pluginProperty_false_leavesThePluginOut() {
    Runners.engine(Map.of()).withPropertyValues("janua.jdbc.enabled=false", "janua.redis.enabled=false",
            "janua.cache.enabled=false", "janua.metrics.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean("januaJdbcPlugin")
            .doesNotHaveBean("januaRedisPlugin").doesNotHaveBean("januaCachePlugin")
            .doesNotHaveBean("januaMicrometerPlugin").hasSingleBean(AuthEngine.class));
  }

  @Test
  void security_defaults_thenGiveWayToTheApplicationsChainAndJanuaBean() {
    Runners.web().run(ctx -> {
      assertThat(ctx).hasBean("januaSecurityFilterChain");
      assertThat(ctx.getBean("janua")).isInstanceOf(JanuaPermissions.class);
      assertThat(ctx).doesNotHaveBean("januaAuthServlet");
    });
    Runners.web().withUserConfiguration(OwnSecurity.class).run(ctx -> {
      assertThat(ctx).doesNotHaveBean("januaSecurityFilterChain").hasBean("ownChain");
      assertThat(ctx.getBean("janua")).isInstanceOf(String.class);
    });
    Runners.web().withPropertyValues("janua.web.security.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean("januaSecurityFilterChain")
            .doesNotHaveBean("janua"));
    Runners.web().withPropertyValues("janua.web.routes.enabled=true")
        .run(ctx -> assertThat(ctx).hasBean("januaAuthServlet")
            .hasBean("januaMetadataController"));
  }

  @Test
  void authenticationProvider_replacesBootsGeneratedUser_unlessTheApplicationHasItsOwn() {
    Runners.web().run(ctx -> assertThat(ctx).hasBean("januaAuthenticationProvider")
        .doesNotHaveBean(InMemoryUserDetailsManager.class));
    Runners.web().withUserConfiguration(OwnUsers.class).run(ctx -> assertThat(ctx)
        .doesNotHaveBean("januaAuthenticationProvider").hasSingleBean(UserDetailsService.class));
  }

  @Test
  void withoutThePluginModulesOrSpringSecurity_theEngineStillStarts_alone() {
    Runners.web().withClassLoader(new FilteredClassLoader(JdbcPlugin.class, RedisPlugin.class,
            CachePlugin.class, MicrometerPlugin.class, HealthIndicator.class,
            SecurityFilterChain.class))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(AuthEngine.class)
              .doesNotHaveBean("januaJdbcPlugin").doesNotHaveBean("januaRedisPlugin")
              .doesNotHaveBean("januaCachePlugin").doesNotHaveBean("januaMicrometerPlugin")
              .doesNotHaveBean("januaHealthIndicator").doesNotHaveBean("janua")
              .doesNotHaveBean("januaSecurityFilterChain");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnUsers {
    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEngine {
    @Bean(destroyMethod = "close")
    AuthEngine ownEngine() {
      return AuthEngine.builder()
          .config(JanuaConfig.builder().audience("own").bcryptRounds(4).build()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnPlugins {
    static final JanuaPlugin JDBC = context -> { };

    @Bean
    JanuaPlugin januaJdbcPlugin() {
      return JDBC;
    }

    @Bean
    JanuaPlugin ownPlugin() {
      return context -> context.healthCheck(check("own-plugin"));
    }

    @Bean
    JanuaEngineCustomizer ownCustomizer() {
      return builder -> builder.healthCheck(check("own-customizer"));
    }

    private static HealthCheck check(String name) {
      return new HealthCheck() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public HealthStatus check() {
          return HealthStatus.ok();
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSecurity {
    @Bean
    SecurityFilterChain ownChain(HttpSecurity http, AuthEngine engine) throws Exception {
      JanuaSecurity.configure(http, engine);
      http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      return http.build();
    }

    @Bean
    String janua() {
      return "the application's own janua bean";
    }
  }
}
