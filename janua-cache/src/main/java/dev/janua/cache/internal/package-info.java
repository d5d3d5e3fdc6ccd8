/**
 * Implementation of janua-cache, not an API: the value codec of the shared tier, the cache key
 * scheme, and the circuit-breaker guard around the shared tier.
 */
package dev.janua.cache.internal;
