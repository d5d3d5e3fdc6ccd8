/**
 * A tiered cache of store reads. {@link dev.janua.cache.TieredCache} (L1 Caffeine, then an
 * optional shared {@link dev.janua.cache.RemoteCache}, then the store) with a
 * {@link dev.janua.cache.CachePolicy} of times to live per {@link dev.janua.cache.CacheDataType};
 * {@link dev.janua.cache.CachingStore}, a {@code Store} decorator that reads through it and
 * invalidates on every write; and the {@link dev.janua.cache.InvalidationBus} SPI that carries
 * invalidations to the other instances.
 */
package dev.janua.cache;
