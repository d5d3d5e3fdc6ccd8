package dev.janua.redis;

import dev.janua.StoreUnavailableException;
import dev.janua.redis.internal.RedisConnector;
import io.lettuce.core.resource.ClientResources;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce client and what janua-redis builds on it: the L2 {@link #remoteCache()}, the pub/sub
 * {@link #invalidationBus()}, the shared {@link #rateLimitStore()} and the {@link #healthCheck()}.
 * Package-private: {@link RedisPlugin} is the one public way in, and hands this to the engine,
 * which closes it. Thread-safe. Connections open when it is created (it fails at once when Redis
 * is unreachable); afterwards Lettuce reconnects by itself.
 */
final class RedisJanua implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisJanua.class);

  private final RedisConnectionConfig config;
  private final RedisConnector connector;
  private final RedisRemoteCache remoteCache;
  private final RedisRateLimitStore rateLimitStore;
  private final RedisHealthCheck healthCheck;
  private final RedisBusConfig busConfig;
  private @Nullable RedisInvalidationBus bus;
  private boolean closed;

  private RedisJanua(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig,
      @Nullable ClientResources shared, RedisBusConfig busConfig) {
    this.config = Objects.requireNonNull(config, "config");
    this.busConfig = Objects.requireNonNull(busConfig, "busConfig");
    Objects.requireNonNull(limiterConfig, "limiterConfig");
    this.connector = RedisConnector.open(config, LettuceUris.of(config), shared);
    this.remoteCache = new RedisRemoteCache(connector, config.keyPrefix());
    this.rateLimitStore = new RedisRateLimitStore(connector, config.keyPrefix(), limiterConfig);
    this.healthCheck = new RedisHealthCheck(connector, config.healthTimeout());
    LOG.info("Connected to Redis {} ({} connections, key prefix {})",
        config.endpoint().redacted(), config.poolSize(), config.keyPrefix());
  }

  /**
   * Connects with the default rate-limit fallback (OPEN, breaker 5 failures / 30 s).
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisJanua connect(RedisConnectionConfig config) {
    return connect(config, RedisRateLimitConfig.defaults());
  }

  /**
   * Connects.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig) {
    return new RedisJanua(config, limiterConfig, null, RedisBusConfig.defaults());
  }

  /**
   * Connects, with these bus settings.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig,
      RedisBusConfig busConfig) {
    return new RedisJanua(config, limiterConfig, null, busConfig);
  }

  /**
   * Connects on the application's Lettuce resources (event loops, timers), which closing this
   * leaves running.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig,
      @Nullable ClientResources shared) {
    return new RedisJanua(config, limiterConfig, shared, RedisBusConfig.defaults());
  }

  /**
   * Connects on the application's Lettuce resources (or its own when {@code null}), with these
   * bus settings.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisJanua connect(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig,
      @Nullable ClientResources shared, RedisBusConfig busConfig) {
    return new RedisJanua(config, limiterConfig, shared, busConfig);
  }

  /** The connection configuration. */
  RedisConnectionConfig config() {
    return config;
  }

  /** The L2 cache for janua-cache's tiered cache. */
  RedisRemoteCache remoteCache() {
    return remoteCache;
  }

  /**
   * The invalidation bus, subscribed on first call (one pub/sub connection); the same bus on
   * every call.
   *
   * @throws StoreUnavailableException when Redis cannot be reached for the subscription
   */
  synchronized RedisInvalidationBus invalidationBus() {
    if (closed) {
      throw new IllegalStateException("the Redis connections are closed");
    }
    if (bus == null) {
      try {
        bus = new RedisInvalidationBus(connector, config.keyPrefix(), busConfig);
      } catch (io.lettuce.core.RedisException e) {
        throw new StoreUnavailableException("Redis pub/sub is unreachable at "
            + connector.redactedUrl() + " (" + e.getClass().getSimpleName() + ")", e);
      }
    }
    return bus;
  }

  /** The shared rate limiter, configured when connecting. */
  RedisRateLimitStore rateLimitStore() {
    return rateLimitStore;
  }

  /** The connector, for tests in this package. */
  RedisConnector connector() {
    return connector;
  }

  /** The readiness check named {@code "redis"}. */
  RedisHealthCheck healthCheck() {
    return healthCheck;
  }

  /** Closes the bus, every connection and the client threads; closing twice is harmless. */
  @Override
  public void close() {
    RedisInvalidationBus b;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      b = bus;
    }
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      connector.close();
    }
  }
}
