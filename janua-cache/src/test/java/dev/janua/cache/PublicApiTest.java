package dev.janua.cache;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-cache exports, checked with janua-test's {@link ApiSurface} (the way
 * janua-core's {@code PublicApiTest} checks the core): every package of the module is null-marked,
 * and no public signature of the API package (dev.janua.cache) names an implementation type
 * ({@code .internal} of any Janua module) or a third-party type.
 */
class PublicApiTest {
  private static final ApiSurface SURFACE = ApiSurface.of(CachePlugin.class)
      .module("janua-cache")
      .apiPackage("dev.janua.cache");

  @Test
  void everyPackage_isNullMarked() {
    SURFACE.assertEveryPackageNullMarked();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() {
    SURFACE.assertNoInternalOrThirdPartyType();
  }
}
