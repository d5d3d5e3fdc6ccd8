package dev.janua.redis;

import dev.janua.cache.InvalidationBus;
import dev.janua.cache.RemoteCache;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import io.lettuce.core.resource.ClientResources;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Redis on an engine: one Lettuce client shared by the L2 cache tier, the cross-instance
 * invalidation bus, the shared rate limiter and the readiness check, all closed by
 * {@code AuthEngine.close()}.
 *
 * <pre>{@code
 * AuthEngine engine = AuthEngine.builder()
 *     .install(JdbcPlugin.fromEnv())     // janua-jdbc: the store of record
 *     .install(CachePlugin.fromEnv())    // janua-cache: L1, and L2 + bus when Redis provides them
 *     .install(RedisPlugin.fromEnv())    // REDIS_URL, REDIS_POOL_SIZE, REDIS_RATE_LIMIT_FALLBACK...
 *     .build();
 * }</pre>
 *
 * <p>On {@link #install} it connects (and fails the build with {@code StoreUnavailableException}
 * when Redis does not answer), then contributes:
 *
 * <ul>
 *   <li>the cache tier, unless {@link #withoutCacheTier()}: {@link RedisRemoteCache} provided as
 *       {@link RemoteCache} and {@link RedisInvalidationBus} as {@link InvalidationBus} (subscribed
 *       at once, on its own pub/sub connection). The two always come together, so a cache that
 *       finds the Redis L2 also finds the Redis bus: a fleet never runs a shared tier with a
 *       silent no-op bus;
 *   <li>the shared rate limiter, unless {@link #withoutRateLimiter()}: {@link RedisRateLimitStore}
 *       set as the engine's rate-limit store (and provided under its own type, for its fallback
 *       counters), configured by {@link RedisRateLimitConfig};
 *   <li>revocation events, unless {@link #withoutRevocationEvents()}: a store decorator that
 *       appends every sign-out, revoked session, password change and disabled user to the stream
 *       {@code <prefix>revocations}, which verifiers read with {@link RedisRevocationSource};
 *   <li>the readiness check {@code "redis"} ({@link RedisHealthCheck});
 *   <li>the connections, handed to the engine to close on shutdown.
 * </ul>
 *
 * <p>Immutable: the {@code with...} methods return a new plugin. A plugin holds configuration
 * only, so one plugin may be installed on several builders; each engine opens its own
 * connections.
 */
public final class RedisPlugin implements JanuaPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPlugin.class);

  private final RedisConnectionConfig connection;
  private final RedisRateLimitConfig rateLimit;
  private final boolean rateLimiter;
  private final boolean cacheTier;
  private final boolean revocationEvents;
  private final @Nullable ClientResources sharedResources;
  private final RedisBusConfig bus;

  private RedisPlugin(RedisConnectionConfig connection, RedisRateLimitConfig rateLimit,
      boolean rateLimiter, boolean cacheTier) {
    this(connection, rateLimit, rateLimiter, cacheTier, true, null);
  }

  private RedisPlugin(RedisConnectionConfig connection, RedisRateLimitConfig rateLimit,
      boolean rateLimiter, boolean cacheTier, boolean revocationEvents,
      @Nullable ClientResources sharedResources) {
    this(connection, rateLimit, rateLimiter, cacheTier, revocationEvents, sharedResources,
        RedisBusConfig.defaults());
  }

  private RedisPlugin(RedisConnectionConfig connection, RedisRateLimitConfig rateLimit,
      boolean rateLimiter, boolean cacheTier, boolean revocationEvents,
      @Nullable ClientResources sharedResources, RedisBusConfig bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    this.rateLimiter = rateLimiter;
    this.cacheTier = cacheTier;
    this.revocationEvents = revocationEvents;
    this.sharedResources = sharedResources;
  }

  /**
   * Everything from the process environment; see {@link #fromEnv(Map)}.
   *
   * @throws dev.janua.JanuaConfigException naming a malformed variable
   */
  public static RedisPlugin fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Everything from environment-style variables: the connection from
   * {@link RedisConnectionConfig#fromEnv(Map)} ({@code REDIS_URL}, {@code REDIS_POOL_SIZE}, ...),
   * the rate limiter's fallback and breaker from {@link RedisRateLimitConfig#fromEnv(Map)}
   * ({@code REDIS_RATE_LIMIT_FALLBACK*}, {@code CIRCUIT_BREAKER_*}); every part included. Nothing
   * connects before {@link #install}.
   *
   * @throws dev.janua.JanuaConfigException naming a malformed variable
   */
  public static RedisPlugin fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new RedisPlugin(RedisConnectionConfig.fromEnv(env), RedisRateLimitConfig.fromEnv(env),
        true, true, true, null, RedisBusConfig.fromEnv(env));
  }

  /**
   * A plugin connecting with this configuration, with every part included and the rate limiter's
   * defaults ({@link RedisRateLimitConfig#defaults()}).
   */
  public static RedisPlugin of(RedisConnectionConfig connection) {
    return new RedisPlugin(connection, RedisRateLimitConfig.defaults(), true, true);
  }

  /** This plugin with the shared rate limiter included and configured by {@code config}. */
  public RedisPlugin withRateLimit(RedisRateLimitConfig config) {
    return new RedisPlugin(connection, Objects.requireNonNull(config, "config"), true, cacheTier,
        revocationEvents, sharedResources, bus);
  }

  /** This plugin without the shared rate limiter: the engine keeps its own (or another plugin's). */
  public RedisPlugin withoutRateLimiter() {
    return new RedisPlugin(connection, rateLimit, false, cacheTier, revocationEvents,
        sharedResources, bus);
  }

  /**
   * This plugin without the cache tier: neither the L2 {@link RemoteCache} nor the
   * {@link InvalidationBus} is provided, and no pub/sub connection is opened.
   */
  public RedisPlugin withoutCacheTier() {
    return new RedisPlugin(connection, rateLimit, rateLimiter, false, revocationEvents,
        sharedResources, bus);
  }

  /**
   * This plugin without revocation events: sign-outs, revoked sessions, password changes and
   * disabled users are not appended to the stream {@code <prefix>revocations}, so verifiers with
   * a {@link RedisRevocationSource} learn nothing from this engine.
   */
  public RedisPlugin withoutRevocationEvents() {
    return new RedisPlugin(connection, rateLimit, rateLimiter, cacheTier, false, sharedResources,
        bus);
  }

  /**
   * This plugin with Janua's Lettuce client on the application's {@code ClientResources} (its
   * event loops and timers, e.g. the bean Spring Boot's Redis auto-configuration defines) instead
   * of resources of its own: no extra Netty threads. Janua still opens its own client and
   * connections (with its fail-fast and time-out options, which it does not impose on the
   * application's client), and never shuts the shared resources down: their owner does, after
   * the engine is closed. Reconnect back-off is then the shared resources' ({@code
   * REDIS_RECONNECT_MAX_DELAY_MS} does not apply).
   */
  public RedisPlugin withClientResources(ClientResources resources) {
    return new RedisPlugin(connection, rateLimit, rateLimiter, cacheTier, revocationEvents,
        Objects.requireNonNull(resources, "resources"), bus);
  }

  /**
   * This plugin with these invalidation-bus settings (heartbeat, bus timeout, acknowledgement
   * timeout; {@link #fromEnv(Map)} reads them from {@code CACHE_BUS_*_MS}).
   */
  public RedisPlugin withBus(RedisBusConfig config) {
    return new RedisPlugin(connection, rateLimit, rateLimiter, cacheTier, revocationEvents,
        sharedResources, Objects.requireNonNull(config, "config"));
  }

  /** The invalidation bus's settings. */
  public RedisBusConfig busConfig() {
    return bus;
  }

  /** Whether Janua's client runs on the application's Lettuce resources. */
  public boolean usesSharedClientResources() {
    return sharedResources != null;
  }

  /** Whether revocations are published for verifiers ({@link RedisRevocationSource}). */
  public boolean publishesRevocationEvents() {
    return revocationEvents;
  }

  /** How it connects. */
  public RedisConnectionConfig connectionConfig() {
    return connection;
  }

  /** The shared rate limiter's configuration, or empty when it is left out. */
  public Optional<RedisRateLimitConfig> rateLimitConfig() {
    return rateLimiter ? Optional.of(rateLimit) : Optional.empty();
  }

  /** Whether the L2 cache and the invalidation bus are provided. */
  public boolean providesCacheTier() {
    return cacheTier;
  }

  /**
   * Connects and contributes the parts described above.
   *
   * @throws dev.janua.StoreUnavailableException when Redis (or its pub/sub) cannot be reached;
   *     the engine's build fails and closes whatever was opened
   * @throws IllegalStateException when another plugin already set the rate-limit store
   */
  @Override
  public void install(PluginContext context) {
    Objects.requireNonNull(context, "context");
    RedisJanua redis = context.closeOnShutdown(RedisJanua.connect(connection, rateLimit, sharedResources,
        bus));
    if (cacheTier) {
      RedisInvalidationBus bus = redis.invalidationBus();
      context.provide(RemoteCache.class, redis.remoteCache());
      context.provide(InvalidationBus.class, bus);
      context.whenAssembled(() -> {
        if (!bus.hasListeners()) {
          LOG.info("The Redis cache tier is installed but no cache uses it: install janua-cache's "
              + "CachePlugin, or RedisPlugin.withoutCacheTier() to skip its pub/sub connection");
        }
      });
    }
    if (rateLimiter) {
      context.rateLimitStore(redis.rateLimitStore());
      context.provide(RedisRateLimitStore.class, redis.rateLimitStore());
    }
    if (revocationEvents) {
      // Entries live as long as a token issued before them can, and a minute more.
      java.time.Duration keep = context.config().accessTokenTtl()
          .plus(context.config().clockSkew()).plusMinutes(1);
      RevocationPublisher publisher = new RevocationPublisher(redis.connector(),
          connection.keyPrefix(), keep);
      context.decorateStore(store -> new RevocationPublishingStore(store, publisher));
    }
    context.healthCheck(redis.healthCheck());
  }

  @Override
  public String toString() {
    return "RedisPlugin[" + connection + ", rateLimiter="
        + (rateLimiter ? rateLimit.toString() : "none") + ", cacheTier=" + cacheTier
        + ", revocationEvents=" + revocationEvents + ", bus=" + bus
        + (sharedResources != null ? ", sharedClientResources" : "") + "]";
  }
}
