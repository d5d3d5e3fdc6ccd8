package dev.janua.redis;

import dev.janua.StoreUnavailableException;
import dev.janua.redis.internal.RedisConnector;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything janua-redis offers over one Lettuce client: the L2 {@link #remoteCache()}, the
 * pub/sub {@link #invalidationBus()}, the shared {@link #rateLimitStore()} and the
 * {@link #healthCheck()}. Build one per process and close it on shutdown:
 *
 * <pre>{@code
 * RedisJanua redis = RedisJanua.fromEnv();          // REDIS_URL, REDIS_POOL_SIZE, ...
 * AuthEngine engine = AuthEngine.builder()
 *     .rateLimitStore(redis.rateLimitStore())
 *     .healthCheck(redis.healthCheck())
 *     ...;
 * // janua-cache: redis.remoteCache() as L2, redis.invalidationBus() as the bus
 * }</pre>
 *
 * Thread-safe. Connections open when it is created (it fails at once when Redis is unreachable);
 * afterwards Lettuce reconnects by itself.
 */
public final class RedisJanua implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisJanua.class);

  private final RedisConnectionConfig config;
  private final RedisConnector connector;
  private final RedisRemoteCache remoteCache;
  private final RedisRateLimitStore rateLimitStore;
  private final RedisHealthCheck healthCheck;
  private RedisInvalidationBus bus;
  private boolean closed;

  private RedisJanua(RedisConnectionConfig config, RedisRateLimitConfig limiterConfig) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(limiterConfig, "limiterConfig");
    this.connector = RedisConnector.open(config);
    this.remoteCache = new RedisRemoteCache(connector, config.keyPrefix());
    this.rateLimitStore = new RedisRateLimitStore(connector, config.keyPrefix(), limiterConfig);
    this.healthCheck = new RedisHealthCheck(connector, config.healthTimeout());
    LOG.info("Connected to Redis {} ({} connections, key prefix {})",
        config.endpoint().redacted(), config.poolSize(), config.keyPrefix());
  }

  /**
   * Connects with {@link RedisConnectionConfig#fromEnv()} and {@link RedisRateLimitConfig#fromEnv()}.
   *
   * @throws dev.janua.JanuaConfigException naming a malformed variable
   * @throws StoreUnavailableException      when Redis cannot be reached
   */
  public static RedisJanua fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Connects with the configuration read from environment-style variables.
   *
   * @throws dev.janua.JanuaConfigException naming a malformed variable
   * @throws StoreUnavailableException      when Redis cannot be reached
   */
  public static RedisJanua fromEnv(Map<String, String> env) {
    return connect(RedisConnectionConfig.fromEnv(env), RedisRateLimitConfig.fromEnv(env));
  }

  /**
   * Connects with the default rate-limit fallback (OPEN, breaker 5 failures / 30 s).
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  public static RedisJanua connect(RedisConnectionConfig config) {
    return connect(config, RedisRateLimitConfig.defaults());
  }

  /**
   * Connects.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  public static RedisJanua connect(RedisConnectionConfig config,
      RedisRateLimitConfig limiterConfig) {
    return new RedisJanua(config, limiterConfig);
  }

  /** The connection configuration. */
  public RedisConnectionConfig config() {
    return config;
  }

  /** The L2 cache for janua-cache's tiered cache. */
  public RedisRemoteCache remoteCache() {
    return remoteCache;
  }

  /**
   * The invalidation bus, subscribed on first call (one pub/sub connection); the same bus on
   * every call.
   *
   * @throws StoreUnavailableException when Redis cannot be reached for the subscription
   */
  public synchronized RedisInvalidationBus invalidationBus() {
    if (closed) {
      throw new IllegalStateException("RedisJanua is closed");
    }
    if (bus == null) {
      try {
        bus = new RedisInvalidationBus(connector, config.keyPrefix());
      } catch (io.lettuce.core.RedisException e) {
        throw new StoreUnavailableException("Redis pub/sub is unreachable at "
            + connector.redactedUrl() + " (" + e.getClass().getSimpleName() + ")", e);
      }
    }
    return bus;
  }

  /** The shared rate limiter for {@code AuthEngine.builder().rateLimitStore(...)}. */
  public RedisRateLimitStore rateLimitStore() {
    return rateLimitStore;
  }

  /**
   * Another shared rate limiter on the same connections, with its own fallback configuration,
   * local limiter and circuit breaker.
   */
  public RedisRateLimitStore rateLimitStore(RedisRateLimitConfig limiterConfig) {
    return new RedisRateLimitStore(connector, config.keyPrefix(), limiterConfig);
  }

  /** The connector, for tests in this package. */
  RedisConnector connector() {
    return connector;
  }

  /** The readiness check named {@code "redis"}. */
  public RedisHealthCheck healthCheck() {
    return healthCheck;
  }

  /** Closes the bus, every connection and the client threads. */
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
