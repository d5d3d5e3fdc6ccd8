package dev.janua.testing;

import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-test exports, checked with its own {@link ApiSurface} (the way
 * janua-core's {@code PublicApiTest} checks the core): every package of the module is null-marked,
 * and no public signature of the API package (dev.janua.testing) names an implementation type
 * ({@code .internal} of any Janua module) or a third-party type.
 *
 * <p>Only the JDK and Janua's API and SPI are allowed. A test kit may expose JUnit and AssertJ types
 * by nature, but none of its public signatures names one today (the suites use JUnit through
 * annotations, which are no signature), so none is allowed: add {@code .allow("org.junit.")} or
 * {@code .allow("org.assertj.")} when a helper takes or returns one on purpose. Testcontainers
 * stays out for good: only the discovery chain's last step loads it.
 */
class PublicApiTest {
  private static final ApiSurface SURFACE =
      ApiSurface.of(JanuaTestEngine.class).module("janua-test").apiPackage("dev.janua.testing");

  @Test
  void everyPackage_isNullMarked() {
    SURFACE.assertEveryPackageNullMarked();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() {
    SURFACE.assertNoInternalOrThirdPartyType();
  }
}
