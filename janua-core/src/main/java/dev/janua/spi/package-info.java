/**
 * What plug-ins implement: the {@link dev.janua.spi.Store}, the rate-limit counter store, the
 * metrics recorder and readiness checks. Each has a default (in-memory or no-op) implementation.
 */
package dev.janua.spi;
