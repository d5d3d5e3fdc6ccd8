/**
 * Implementation of janua-cache, not an API: the value codec of the shared tier, the cache key
 * scheme, and the circuit-breaker guard around the shared tier.
 */
@NullMarked
package dev.janua.cache.internal;

import org.jspecify.annotations.NullMarked;
