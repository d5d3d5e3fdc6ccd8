/**
 * janua-redis: Redis (through Lettuce) for a fleet of Janua instances. {@link
 * dev.janua.redis.RedisPlugin} connects when the engine is built and contributes the L2 cache
 * ({@link dev.janua.redis.RedisRemoteCache}) with the pub/sub invalidation bus ({@link
 * dev.janua.redis.RedisInvalidationBus}), the shared atomic rate limiter ({@link
 * dev.janua.redis.RedisRateLimitStore}) and the health check ({@link
 * dev.janua.redis.RedisHealthCheck}), and appends revocations to a stream that {@link
 * dev.janua.redis.RedisRevocationSource} reads for a {@code JanuaVerifier}; the engine closes the
 * connections. {@link
 * dev.janua.redis.RedisConnectionConfig} and {@link dev.janua.redis.RedisRateLimitConfig} hold the
 * configuration, read from {@code REDIS_*} variables or built in code; {@link
 * dev.janua.redis.RedisUrls} parses every {@code REDIS_URL} form: single server, TLS, Sentinel and
 * Cluster.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.redis;

import org.jspecify.annotations.NullMarked;
