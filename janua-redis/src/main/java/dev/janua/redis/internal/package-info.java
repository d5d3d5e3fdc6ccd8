/**
 * Implementation of janua-redis: the Lettuce connectors (standalone/Sentinel and Cluster), the
 * rate-limit Lua script, the invalidation message format and key helpers. Not an API: it may
 * change in any release.
 */
@NullMarked
package dev.janua.redis.internal;

import org.jspecify.annotations.NullMarked;
