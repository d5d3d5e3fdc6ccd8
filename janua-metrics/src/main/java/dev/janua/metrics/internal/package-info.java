/**
 * Implementation of janua-metrics: callback guards, tag sanitizing, endpoint statistics and the
 * slf4j slow-request log. Not exported; nothing here is API.
 */
package dev.janua.metrics.internal;
