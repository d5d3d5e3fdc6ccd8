/**
 * In-memory implementations of the store ({@link dev.janua.memory.InMemoryStore}) and of the
 * rate-limit counters ({@link dev.janua.memory.InMemoryRateLimitStore}): the embedded default, and
 * the reference every store implementation's contract suite is checked against. Nothing here
 * survives a restart; the aggregate classes behind the store are package-private.
 */
@NullMarked
package dev.janua.memory;

import org.jspecify.annotations.NullMarked;
