package dev.janua.mail;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/** janua-mail's exported shape: null-marked, no internal or third-party (mail API) type exposed. */
class PublicApiTest {
  private static final ApiSurface SURFACE = ApiSurface.of(SmtpNotifier.class)
      .module("janua-mail")
      .apiPackage("dev.janua.mail");

  @Test
  void everyPackage_isNullMarked() {
    SURFACE.assertEveryPackageNullMarked();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() {
    SURFACE.assertNoInternalOrThirdPartyType();
  }
}
