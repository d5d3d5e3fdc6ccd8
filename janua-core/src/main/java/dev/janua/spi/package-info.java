/**
 * What plug-ins implement and what they hand each other: the {@link dev.janua.spi.Store} grouping
 * of aggregate stores ({@link dev.janua.spi.UserStore}, {@link dev.janua.spi.SessionStore}, {@link
 * dev.janua.spi.OrganizationStore}, {@link dev.janua.spi.AuditStore}, {@link
 * dev.janua.spi.SigningKeyStore}) with the values they store and the outcomes of their atomic
 * operations; the {@link dev.janua.spi.RateLimitStore} counters; the {@link
 * dev.janua.spi.MetricsRecorder}; readiness {@link dev.janua.spi.HealthCheck}s; cache and pool
 * statistics sources; the {@link dev.janua.spi.RevocationSource} a {@code JanuaVerifier} learns
 * ended sessions from; and the plugin contract, {@link dev.janua.spi.JanuaPlugin} with its {@link
 * dev.janua.spi.PluginContext}. Each has a default (in-memory or no-op) implementation.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.spi;

import org.jspecify.annotations.NullMarked;
