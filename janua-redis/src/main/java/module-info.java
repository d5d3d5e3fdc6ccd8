/**
 * Janua Redis: {@code RedisPlugin}, which installs the Lettuce L2 cache, the pub/sub invalidation
 * bus, the atomic shared rate limiter, revocation events and the Redis health check on an engine;
 * and {@code RedisRevocationSource}, which reads those events for a {@code JanuaVerifier}. The implementation
 * package is not exported; no Lettuce or Failsafe type appears in the exported API.
 */
module dev.janua.redis {
  requires transitive dev.janua.core;
  // RedisRemoteCache and RedisInvalidationBus implement the cache module's SPIs;
  // RedisRateLimitStore.circuitState() answers its BreakerState.
  requires transitive dev.janua.cache;
  // Implementation only. lettuce.core is an automatic module (Automatic-Module-Name in its
  // manifest, so the name is stable).
  requires lettuce.core;
  requires dev.failsafe.core;
  // Lettuce is an automatic module and cannot declare that it needs Netty (explicit modules):
  // without these, Netty is not resolved on the module path and connecting fails. The handler
  // brings common, buffer, codec, resolver and transport with it; common is also read directly,
  // to wait for the client threads to stop on close.
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.resolver.dns;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.janua.redis;
}
