package dev.janua.webauthn;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/** The module publishes only its package, null-marked, naming no webauthn4j or Jackson type. */
class PublicApiTest {
  @Test
  void publishedSurface_isClean() {
    ApiSurface.of(WebAuthn4jCeremony.class).module("janua-webauthn")
        .apiPackage("dev.janua.webauthn").assertClean();
  }
}
