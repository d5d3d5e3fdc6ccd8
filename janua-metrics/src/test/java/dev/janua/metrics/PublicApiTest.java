package dev.janua.metrics;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-metrics exports, checked with janua-test's {@link ApiSurface} (the way
 * janua-core's {@code PublicApiTest} checks the core): every package of the module is null-marked,
 * and no public signature of the API package (dev.janua.metrics) names an implementation type
 * ({@code .internal} of any Janua module) or a third-party type other than Micrometer's, which this
 * adapter exposes on purpose.
 */
class PublicApiTest {
  private static final ApiSurface SURFACE = ApiSurface.of(MicrometerPlugin.class)
      .module("janua-metrics")
      .apiPackage("dev.janua.metrics")
      // janua-metrics is the Micrometer adapter: on purpose, it takes the host's MeterRegistry
      // and its binders are Micrometer MeterBinders (module-info requires micrometer.core
      // transitively).
      .allow("io.micrometer.core.instrument.");

  @Test
  void everyPackage_isNullMarked() {
    SURFACE.assertEveryPackageNullMarked();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() {
    SURFACE.assertNoInternalOrThirdPartyType();
  }
}
