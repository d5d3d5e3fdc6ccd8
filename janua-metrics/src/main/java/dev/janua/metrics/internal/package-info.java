/**
 * Implementation of janua-metrics: callback guards, tag sanitizing, endpoint statistics and the
 * slf4j slow-request log. Not exported; nothing here is API.
 */
@NullMarked
package dev.janua.metrics.internal;

import org.jspecify.annotations.NullMarked;
