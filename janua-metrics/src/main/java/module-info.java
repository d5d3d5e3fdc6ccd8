/**
 * Janua metrics: the Micrometer implementation of the core's metrics SPI, meter binders over the
 * core's stats SPIs, a framework-neutral request timer and the JSON metrics snapshot. The
 * implementation package is not exported.
 */
module dev.janua.metrics {
  requires transitive dev.janua.core;
  requires transitive micrometer.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.janua.metrics;
}
