package dev.janua.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Spring Boot resource server configured only with {@code issuer-uri} (Janua's discovery
 * document and JWKS), {@code audiences} and the authorities mapping of docs/resource-servers.md
 * accepts Janua's access tokens with Janua's defaults ({@code typ} {@code JWT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtResourceServerIT {
  private JanuaService janua;
  private ResourceServerApp.Running spring;

  @BeforeAll
  void start() throws Exception {
    janua = JanuaService.start(Map.of());
    spring = ResourceServerApp.Running.start(Map.of(
        "spring.security.oauth2.resourceserver.jwt.issuer-uri", janua.baseUrl(),
        "spring.security.oauth2.resourceserver.jwt.audiences", JanuaService.AUDIENCE,
        "spring.security.oauth2.resourceserver.jwt.authorities-claim-name", "roles",
        "spring.security.oauth2.resourceserver.jwt.authority-prefix", "ROLE_"));
  }

  @AfterAll
  void stop() {
    if (spring != null) {
      spring.close();
    }
    if (janua != null) {
      janua.close();
    }
  }

  @Test
  void sessionToken_accepted() throws Exception {
    JanuaService.User user = janua.signup();

    assertThat(spring.get("/hello", user.accessToken)).isEqualTo(200);
  }

  @Test
  void tamperedToken_401() throws Exception {
    String token = janua.signup().accessToken;
    String[] parts = token.split("\\.");
    Base64.Decoder dec = Base64.getUrlDecoder();
    String claims = new String(dec.decode(parts[1]), StandardCharsets.UTF_8);
    String forged = claims.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"");
    assertThat(forged).isNotEqualTo(claims);
    String tampered = parts[0] + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];

    assertThat(spring.get("/hello", tampered)).isEqualTo(401);
    assertThat(spring.get("/hello", "not-a-jwt")).isEqualTo(401);
  }

  @Test
  void organizationToken_rolesBecomeAuthorities() throws Exception {
    JanuaService.User user = janua.signup();
    String orgToken = user.ownOrganizationToken();

    // the session's own token has no roles: authenticated, but not ROLE_owner
    assertThat(spring.get("/owner", user.accessToken)).isEqualTo(403);
    assertThat(spring.get("/owner", orgToken)).isEqualTo(200);
    assertThat(spring.get("/hello", orgToken)).isEqualTo(200);
  }

  @Test
  void tokenOfAnotherIssuer_401() throws Exception {
    try (JanuaService other = JanuaService.start(Map.of())) {
      assertThat(spring.get("/hello", other.signup().accessToken)).isEqualTo(401);
    }
  }
}
