/**
 * janua-redis: Redis (through Lettuce) for a fleet of Janua instances. {@link
 * dev.janua.redis.RedisJanua} connects once and hands out the L2 cache ({@link
 * dev.janua.redis.RedisRemoteCache}), the pub/sub invalidation bus ({@link
 * dev.janua.redis.RedisInvalidationBus}), the shared atomic rate limiter ({@link
 * dev.janua.redis.RedisRateLimitStore}) and the health check ({@link
 * dev.janua.redis.RedisHealthCheck}). {@link dev.janua.redis.RedisUrls} parses every {@code
 * REDIS_URL} form: single server, TLS, Sentinel and Cluster.
 */
package dev.janua.redis;
