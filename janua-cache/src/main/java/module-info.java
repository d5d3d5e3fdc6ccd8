/**
 * Janua cache: the tiered cache of store reads (L1 Caffeine, L2 behind the {@code RemoteCache}
 * SPI), the invalidation bus SPI, the caching store and the plugin that installs them on an
 * engine. The implementation package is not exported, and no Caffeine or Failsafe type appears in
 * the exported API.
 */
module dev.janua.cache {
  requires transitive dev.janua.core;
  requires com.github.benmanes.caffeine;
  requires dev.failsafe.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.janua.cache;
}
