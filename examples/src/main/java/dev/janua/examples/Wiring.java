package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.JanuaConfig;
import dev.janua.cache.CachePlugin;
import dev.janua.jdbc.JdbcPlugin;
import dev.janua.webauthn.WebAuthnPlugin;
import dev.janua.mail.MailTemplates;
import dev.janua.mail.SmtpConfig;
import dev.janua.mail.SmtpNotifier;
import dev.janua.metrics.MicrometerPlugin;
import dev.janua.metrics.RequestTimer;
import dev.janua.redis.RedisPlugin;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.Notifier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine from environment variables by installing Janua's plugins; the engine owns what
 * they open and closes it. This is the part of the example a host copies to choose its store,
 * cache and limiter:
 *
 * <ul>
 *   <li>nothing set: the in-memory store, the local limiter, a generated key (one instance only);
 *   <li>{@code DATABASE_URL}: {@link JdbcPlugin} (PostgreSQL store, migrations at start, signing
 *       keys kept in the database so every instance shares them, the {@code database} check);
 *   <li>{@code REDIS_URL}: {@link RedisPlugin} (shared limiter, the {@code redis} check); with a
 *       database too, also {@link CachePlugin}: Caffeine L1 in front of the store, the Redis L2 tier
 *       and pub/sub invalidation behind it. Without Redis no cache is used, so several instances on
 *       one database never serve each other stale sessions.
 * </ul>
 *
 * <p>With both set this is the fleet setup of the README, plugin for plugin. Mail (reset and
 * verification links, security notices) goes through SMTP when {@code SMTP_HOST} is set, else to
 * the console's development outbox.
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  final ExampleSettings settings;
  final JanuaConfig config;
  final PrometheusMeterRegistry registry;
  final RequestTimer requestTimer;
  final AuthEngine engine;

  private Wiring(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock,
      Consumer<AuthEngineBuilder> customizer) {
    this.settings = ExampleSettings.fromMap(env);
    this.config = JanuaConfig.fromMap(withPublicBaseUrl(env, settings.port()));
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      MicrometerPlugin metrics = MicrometerPlugin.fromEnv(registry, env);
      // Passkeys (WebAuthn ceremonies by webauthn4j): WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS default to
      // the host and origin of PUBLIC_BASE_URL.
      AuthEngineBuilder builder = AuthEngine.builder().config(config).clock(clock)
          .install(WebAuthnPlugin.create());
      if (settings.databaseUrl() != null) {
        builder.install(JdbcPlugin.fromEnv(env));
      }
      if (settings.redisUrl() != null && settings.databaseUrl() != null) {
        builder.install(RedisPlugin.fromEnv(env)).install(CachePlugin.fromEnv(env));
      } else if (settings.redisUrl() != null) {
        builder.install(RedisPlugin.fromEnv(env).withoutCacheTier()); // the limiter only
      }
      extraChecks.forEach(builder::healthCheck);
      builder.notifier(notifier(env));
      customizer.accept(builder.install(metrics));
      this.engine = builder.build();
      this.requestTimer = metrics.requestTimer();
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    LOG.info("Janua example wired: {}", settings);
  }

  /**
   * SMTP when {@code SMTP_HOST} is set ({@code SMTP_PORT}, {@code SMTP_USERNAME}, {@code
   * SMTP_PASSWORD}, {@code SMTP_FROM}, {@code SMTP_STARTTLS}), else the console's development
   * outbox.
   */
  static Notifier notifier(Map<String, String> env) {
    MailTemplates templates = new MailTemplates("Janua example");
    Optional<SmtpConfig> smtp = SmtpConfig.fromMap(env);
    if (smtp.isPresent()) {
      LOG.info("Mail goes through SMTP: {}", smtp.get());
      return new SmtpNotifier(smtp.get(), templates);
    }
    LOG.warn("No SMTP_HOST set: mail is printed to the console (development outbox)");
    return new ConsoleOutbox(templates, System.out);
  }

  /**
   * {@code env}, with {@code PUBLIC_BASE_URL} defaulting to {@code http://localhost:<PORT>} when
   * only {@code PORT} is set, so that the discovery document names the port the service listens on.
   */
  static Map<String, String> withPublicBaseUrl(Map<String, String> env, int port) {
    String base = env.get("PUBLIC_BASE_URL");
    if ((base != null && !base.isBlank()) || port == 0 || port == ExampleSettings.DEFAULT_PORT) {
      return env;
    }
    Map<String, String> out = new HashMap<>(env);
    out.put("PUBLIC_BASE_URL", "http://localhost:" + port);
    return out;
  }

  static Wiring fromEnv(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock) {
    return new Wiring(env, extraChecks, clock, b -> { });
  }

  /** Like {@link #fromEnv(Map, List, Clock)}; {@code customizer} sees the builder last (tests). */
  static Wiring fromEnv(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock,
      Consumer<AuthEngineBuilder> customizer) {
    return new Wiring(env, extraChecks, clock, customizer);
  }

  /** Closes the engine (and with it every plugin's pool and connection), then the registry. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      registry.close();
    }
  }
}
