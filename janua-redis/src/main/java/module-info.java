/**
 * Janua Redis: the Lettuce L2 cache, the pub/sub invalidation bus, the atomic shared rate limiter
 * and the Redis health check. The implementation package is not exported.
 */
@SuppressWarnings("requires-transitive-automatic") // lettuce.core, see below
module dev.janua.redis {
  requires transitive dev.janua.core;
  // RedisRemoteCache and RedisInvalidationBus implement the cache module's SPIs.
  requires transitive dev.janua.cache;
  // RedisEndpoint.toRedisUris returns Lettuce's RedisURI. lettuce.core is an automatic module
  // (Automatic-Module-Name in its manifest, so the name is stable).
  requires transitive lettuce.core;
  // RedisRateLimitStore.circuitState returns Failsafe's CircuitBreaker.State.
  requires transitive dev.failsafe.core;
  // Lettuce is an automatic module and cannot declare that it needs Netty (explicit modules):
  // without these, Netty is not resolved on the module path and connecting fails. The handler
  // brings common, buffer, codec, resolver and transport with it.
  requires io.netty.handler;
  requires io.netty.resolver.dns;
  requires org.slf4j;

  exports dev.janua.redis;
}
