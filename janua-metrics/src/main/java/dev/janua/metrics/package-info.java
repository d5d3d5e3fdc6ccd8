/**
 * Micrometer metrics for Janua: {@link dev.janua.metrics.MicrometerPlugin}, which installs them on
 * an engine, {@link dev.janua.metrics.MicrometerMetrics} (the core's {@code MetricsRecorder}), the meter binders over the core's cache, pool and rate-limit SPIs,
 * {@link dev.janua.metrics.RequestTimer} for HTTP adapters, and
 * {@link dev.janua.metrics.MetricsSnapshotJson} for the guide's {@code /metrics} JSON. Meter names
 * are listed in {@link dev.janua.metrics.MeterNames}; none is ever tagged with a user id, email, IP
 * address or token.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.metrics;

import org.jspecify.annotations.NullMarked;
