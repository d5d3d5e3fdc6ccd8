/**
 * Janua cache: the tiered cache of store reads (L1 Caffeine, L2 behind the {@code RemoteCache}
 * SPI), the invalidation bus SPI and the caching store. The implementation package is not
 * exported.
 */
module dev.janua.cache {
  requires transitive dev.janua.core;
  requires com.github.benmanes.caffeine;
  requires dev.failsafe.core;
  requires org.slf4j;

  exports dev.janua.cache;
}
