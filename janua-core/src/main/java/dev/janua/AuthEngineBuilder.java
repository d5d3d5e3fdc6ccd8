package dev.janua;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.Notifier;
import dev.janua.spi.RateLimitStore;
import dev.janua.spi.Store;
import dev.janua.spi.WebAuthnCeremony;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link AuthEngine}. Everything is optional: with nothing set the engine runs on the
 * in-memory store, a generated signing key, a local rate limiter, no metrics, the system clock and
 * {@link JanuaConfig#defaults()}. Modules install themselves with {@link #install}; what is set
 * directly on the builder wins over what a plugin contributes. A builder can be reused: {@link
 * #build()} copies what it holds and installs the plugins anew.
 */
public final class AuthEngineBuilder {
  JanuaConfig config = JanuaConfig.defaults();
  @Nullable Store store;
  @Nullable KeyRing keyRing;
  boolean persistentKeys;
  Clock clock = Clock.systemUTC();
  @Nullable RateLimitStore rateLimitStore;
  @Nullable MetricsRecorder metrics;
  @Nullable Notifier notifier;
  DeliveryPolicy deliveryPolicy = DeliveryPolicy.defaults();
  @Nullable WebAuthnCeremony webAuthn;
  final List<HealthCheck> healthChecks = new ArrayList<>();
  final List<JanuaPlugin> plugins = new ArrayList<>();

  AuthEngineBuilder() {}

  /** The configuration (default {@link JanuaConfig#defaults()}; see {@link JanuaConfig#fromEnv()}). */
  public AuthEngineBuilder config(JanuaConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * Installs a plugin: a store, a cache, a Redis tier, metrics. Plugins are installed in this
   * order when {@link #build()} runs; the engine closes what they open.
   */
  public AuthEngineBuilder install(JanuaPlugin plugin) {
    plugins.add(Objects.requireNonNull(plugin, "plugin"));
    return this;
  }

  /** The store (default a new {@code InMemoryStore}, or the store a plugin installs). */
  public AuthEngineBuilder store(Store store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * The signing keys. Without them the engine takes {@link JanuaConfig#signingKeyPem()}, else the
   * store's keys when {@link #persistentKeys(boolean)} is on, else generates a key.
   */
  public AuthEngineBuilder keyRing(KeyRing keyRing) {
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    return this;
  }

  /**
   * Whether to keep signing keys in the store, so that every instance on the same store signs and
   * verifies with the same keys and keys survive restarts (default off; a store plugin such as the
   * PostgreSQL one turns it on). Ignored when a key ring or a PEM key is configured.
   */
  public AuthEngineBuilder persistentKeys(boolean persistentKeys) {
    this.persistentKeys = persistentKeys;
    return this;
  }

  /** The time source (default the UTC system clock). */
  public AuthEngineBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Where rate-limit counters live (default a new {@code InMemoryRateLimitStore}). */
  public AuthEngineBuilder rateLimitStore(RateLimitStore rateLimitStore) {
    this.rateLimitStore = Objects.requireNonNull(rateLimitStore, "rateLimitStore");
    return this;
  }

  /** The metrics recorder (default {@link MetricsRecorder#noop()}); whatever it throws is suppressed. */
  public AuthEngineBuilder metrics(MetricsRecorder metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /**
   * Where the engine's {@link Notification}s go: reset and verification links, invitations,
   * security notices (default: the one a plugin sets, else none: every message is dropped with a
   * warning that names its kind only; {@link Notifier#developmentOutbox()} logs them with their
   * links for local development). The engine delivers asynchronously from a daemon thread it owns
   * and closes, retrying by the {@link #deliveryPolicy(DeliveryPolicy)}; a delivery never delays
   * nor fails the request that caused it.
   */
  public AuthEngineBuilder notifier(Notifier notifier) {
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    return this;
  }

  /** Retries and queue bound of notification delivery (default {@link DeliveryPolicy#defaults()}). */
  public AuthEngineBuilder deliveryPolicy(DeliveryPolicy policy) {
    this.deliveryPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * The WebAuthn ceremonies behind {@link AuthEngine#passkeys()} (default: the one a plugin
   * provides under {@code WebAuthnCeremony.class}, such as the {@code janua-webauthn} module's,
   * else none: passkey calls fail with {@link JanuaConfigException}).
   */
  public AuthEngineBuilder webAuthn(WebAuthnCeremony ceremony) {
    this.webAuthn = Objects.requireNonNull(ceremony, "ceremony");
    return this;
  }

  /** Adds a readiness check (database, redis) to {@link AuthEngine#ready()}. */
  public AuthEngineBuilder healthCheck(HealthCheck check) {
    healthChecks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  /**
   * The engine: immutable and thread-safe; close it to release what its plugins opened.
   *
   * @throws JanuaConfigException when a plugin's configuration is unusable (whatever the plugins
   *     opened before is closed again)
   */
  public AuthEngine build() {
    Assembly parts = Assembly.of(this);
    try {
      return new AuthEngine(parts);
    } catch (RuntimeException | Error e) {
      parts.closeAll();
      throw e;
    }
  }
}
