package dev.janua.spring.boot;

import dev.janua.testing.ApiSurface;
import org.junit.jupiter.api.Test;

/** The starter's published surface: null-marked packages, no internal type in public signatures. */
class PublicApiTest {
  @Test
  void publishedSurface() {
    ApiSurface.of(JanuaProperties.class).module("janua-spring-boot-starter")
        .allow("org.springframework.").assertClean();
  }
}
