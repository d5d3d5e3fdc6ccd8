package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WiringTest {
  @Test
  void publicBaseUrl_followsPortUnlessSet() {
    assertThat(Wiring.withPublicBaseUrl(Map.of("PORT", "8080"), 8080))
        .containsEntry("PUBLIC_BASE_URL", "http://localhost:8080");
    Map<String, String> set = Map.of("PORT", "8080", "PUBLIC_BASE_URL", "https://auth.example.com");
    assertThat(Wiring.withPublicBaseUrl(set, 8080)).isSameAs(set);
    // The default port is the default base URL's; port 0 has no address to name yet.
    assertThat(Wiring.withPublicBaseUrl(Map.of(), 4100)).doesNotContainKey("PUBLIC_BASE_URL");
    assertThat(Wiring.withPublicBaseUrl(Map.of("PORT", "0"), 0)).doesNotContainKey("PUBLIC_BASE_URL");
  }
}
