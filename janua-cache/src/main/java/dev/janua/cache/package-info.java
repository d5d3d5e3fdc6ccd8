/**
 * A tiered cache of store reads. {@link dev.janua.cache.CachePlugin} installs it on an engine;
 * {@link dev.janua.cache.TieredCache} (L1 Caffeine, then an optional shared
 * {@link dev.janua.cache.RemoteCache}, then the store) runs with a
 * {@link dev.janua.cache.CachePolicy} of times to live per {@link dev.janua.cache.CacheDataType};
 * {@link dev.janua.cache.CachingStore} is a {@code Store} decorator whose aggregates read through
 * it and invalidate on every write; the {@link dev.janua.cache.InvalidationBus} SPI carries
 * invalidations to the other instances; {@link dev.janua.cache.BreakerState} is the state of the
 * circuit breaker around the shared tier.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.cache;

import org.jspecify.annotations.NullMarked;
