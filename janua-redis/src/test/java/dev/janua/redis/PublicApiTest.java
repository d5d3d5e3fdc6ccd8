package dev.janua.redis;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-redis exports, checked with janua-test's {@link ApiSurface} (the way
 * janua-core's {@code PublicApiTest} checks the core): every package of the module is null-marked,
 * and no public signature of the API package (dev.janua.redis) names an implementation type
 * ({@code .internal} of any Janua module) or a third-party type, except Lettuce's {@code
 * ClientResources}, which {@link RedisPlugin#withClientResources} takes from the application.
 */
class PublicApiTest {
  private static final ApiSurface SURFACE = ApiSurface.of(RedisPlugin.class)
      .module("janua-redis")
      .apiPackage("dev.janua.redis")
      .allow("io.lettuce.core.resource.ClientResources");

  @Test
  void everyPackage_isNullMarked() {
    SURFACE.assertEveryPackageNullMarked();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() {
    SURFACE.assertNoInternalOrThirdPartyType();
  }
}
