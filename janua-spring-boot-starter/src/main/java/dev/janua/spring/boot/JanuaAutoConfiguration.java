package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.JanuaConfig;
import dev.janua.cache.CachePlugin;
import dev.janua.jdbc.JdbcPlugin;
import dev.janua.jdbc.JdbcStoreConfig;
import dev.janua.metrics.MicrometerPlugin;
import dev.janua.redis.RedisPlugin;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spring.boot.internal.DataSourceJdbcPlugin;
import dev.janua.spring.boot.internal.JanuaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The {@code AuthEngine} bean (closed with the context) from {@link JanuaProperties}, with a
 * plugin bean for each Janua module on the class path:
 *
 * <ul>
 *   <li>janua-jdbc ({@code januaJdbcPlugin}): over the application's {@code DataSource} bean when
 *       there is one, else a pool of its own when {@code janua.database-url} is set, else nothing
 *       (the in-memory store);
 *   <li>janua-redis ({@code januaRedisPlugin}): {@code janua.redis-url}, else the application's
 *       {@code spring.data.redis.*} server (its {@code DataRedisConnectionDetails}), else nothing;
 *   <li>janua-cache ({@code januaCachePlugin}): the tiered cache;
 *   <li>janua-metrics ({@code januaMicrometerPlugin}): on the application's {@code MeterRegistry}.
 * </ul>
 *
 * <p>Each is switched off by {@code janua.<module>.enabled=false} and replaced by a bean of the
 * same name; any other {@link JanuaPlugin} bean is installed too, in {@code @Order}, and {@link
 * JanuaEngineCustomizer} beans adjust the builder last. An {@code AuthEngine} bean of the
 * application's own replaces all of this.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(JanuaProperties.class)
public final class JanuaAutoConfiguration {
  /** Plugin order: the store first, then Redis, the cache over both, metrics last. */
  static final int JDBC_ORDER = 100;
  static final int REDIS_ORDER = 200;
  static final int CACHE_ORDER = 300;
  static final int METRICS_ORDER = 400;

  /** Created by Spring. */
  public JanuaAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  JanuaSettings januaSettings(JanuaProperties properties, Environment environment) {
    return JanuaSettings.resolve(properties.typedVariables(), properties.getEnv(),
        properties.isReadGuideVariables(), environment::getProperty);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  AuthEngine januaEngine(JanuaSettings settings, ObjectProvider<JanuaPlugin> plugins,
      ObjectProvider<JanuaEngineCustomizer> customizers) {
    AuthEngineBuilder builder = AuthEngine.builder()
        .config(JanuaConfig.fromMap(settings.variables()));
    plugins.orderedStream().forEach(builder::install);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static JanuaPlugin none(String why) {
    return new JanuaPlugin() {
      @Override
      public void install(dev.janua.spi.PluginContext context) {}

      @Override
      public String toString() {
        return "no plugin (" + why + ")";
      }
    };
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({JdbcPlugin.class, DataSource.class})
  @ConditionalOnProperty(name = "janua.jdbc.enabled", matchIfMissing = true)
  static class Jdbc {
    @Bean
    @Order(JDBC_ORDER)
    @ConditionalOnMissingBean(name = "januaJdbcPlugin")
    JanuaPlugin januaJdbcPlugin(JanuaSettings settings, ObjectProvider<DataSource> dataSource) {
      DataSource ds = dataSource.getIfUnique();
      if (ds != null) {
        String schema = settings.get(JdbcStoreConfig.DATABASE_SCHEMA);
        String migrate = settings.get(JdbcStoreConfig.DATABASE_MIGRATE);
        return new DataSourceJdbcPlugin(ds,
            schema == null ? JdbcStoreConfig.DEFAULT_SCHEMA : schema,
            migrate == null || Boolean.parseBoolean(migrate.strip()));
      }
      if (settings.get(JdbcStoreConfig.DATABASE_URL) != null) {
        return JdbcPlugin.fromEnv(settings.variables());
      }
      return none("no DataSource and no janua.database-url");
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisPlugin.class)
  @ConditionalOnProperty(name = "janua.redis.enabled", matchIfMissing = true)
  static class Redis {
    @Bean
    @Order(REDIS_ORDER)
    @ConditionalOnMissingBean(name = "januaRedisPlugin")
    JanuaPlugin januaRedisPlugin(JanuaSettings settings,
        ObjectProvider<SpringRedisUrl> springRedis) {
      if (settings.get("REDIS_URL") != null) {
        return RedisPlugin.fromEnv(settings.variables());
      }
      SpringRedisUrl spring = springRedis.getIfAvailable();
      String url = spring == null ? null : spring.url();
      if (url != null) {
        return RedisPlugin.fromEnv(settings.with("REDIS_URL", url).variables());
      }
      return none("no janua.redis-url and no spring.data.redis server");
    }
  }

  /** The application's Redis server as a URL for janua-redis, or null. */
  interface SpringRedisUrl {
    @Nullable String url();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RedisPlugin.class, DataRedisConnectionDetails.class})
  static class SpringRedis {
    @Bean
    SpringRedisUrl januaSpringRedisUrl(ObjectProvider<DataRedisConnectionDetails> details) {
      return () -> {
        DataRedisConnectionDetails d = details.getIfAvailable();
        if (d == null || d.getStandalone() == null || d.getSslBundle() != null) {
          return null;
        }
        DataRedisConnectionDetails.Standalone s = d.getStandalone();
        StringBuilder url = new StringBuilder("redis://");
        if (d.getPassword() != null) {
          if (d.getUsername() != null) {
            url.append(encode(d.getUsername()));
          }
          url.append(':').append(encode(d.getPassword())).append('@');
        }
        String host = s.getHost().contains(":") ? "[" + s.getHost() + "]" : s.getHost();
        return url.append(host).append(':').append(s.getPort()).append('/')
            .append(s.getDatabase()).toString();
      };
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(CachePlugin.class)
  @ConditionalOnProperty(name = "janua.cache.enabled", matchIfMissing = true)
  static class Cache {
    @Bean
    @Order(CACHE_ORDER)
    @ConditionalOnMissingBean(name = "januaCachePlugin")
    JanuaPlugin januaCachePlugin(JanuaSettings settings) {
      return CachePlugin.fromEnv(settings.variables());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerPlugin.class, MeterRegistry.class})
  @ConditionalOnProperty(name = "janua.metrics.enabled", matchIfMissing = true)
  static class Metrics {
    @Bean
    @Order(METRICS_ORDER)
    @ConditionalOnMissingBean(name = "januaMicrometerPlugin")
    JanuaPlugin januaMicrometerPlugin(JanuaSettings settings,
        ObjectProvider<MeterRegistry> registry) {
      MeterRegistry r = registry.getIfUnique();
      return r == null ? none("no MeterRegistry bean")
          : MicrometerPlugin.fromEnv(r, settings.variables());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthContributor {
    @Bean
    @ConditionalOnMissingBean(name = "januaHealthIndicator")
    JanuaHealthIndicator januaHealthIndicator(AuthEngine engine) {
      return new JanuaHealthIndicator(engine);
    }
  }
}
