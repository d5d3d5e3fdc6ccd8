package dev.janua.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Spring Boot resource server using opaque-token introspection against Janua's
 * {@code /oauth2/introspect} (properties only) accepts a live token and refuses it the moment its
 * session is signed out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionResourceServerIT {
  private JanuaService janua;
  private ResourceServerApp.Running spring;

  @BeforeAll
  void start() throws Exception {
    janua = JanuaService.start(Map.of());
    spring = ResourceServerApp.Running.start(Map.of(
        "spring.security.oauth2.resourceserver.opaquetoken.introspection-uri",
        janua.baseUrl() + "/oauth2/introspect",
        "spring.security.oauth2.resourceserver.opaquetoken.client-id", JanuaService.CLIENT_ID,
        "spring.security.oauth2.resourceserver.opaquetoken.client-secret", JanuaService.CLIENT_SECRET));
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
  void liveToken_200_signedOut_401AtOnce() throws Exception {
    JanuaService.User user = janua.signup();
    String orgToken = user.ownOrganizationToken();
    assertThat(spring.get("/hello", user.accessToken)).isEqualTo(200);
    assertThat(spring.get("/hello", orgToken)).isEqualTo(200);
    // introspection's scope becomes SCOPE_ authorities: an owner's "*", none for the session's token
    assertThat(spring.get("/any-scope", orgToken)).isEqualTo(200);
    assertThat(spring.get("/any-scope", user.accessToken)).isEqualTo(403);

    user.signout();

    assertThat(spring.get("/hello", user.accessToken)).isEqualTo(401);
    assertThat(spring.get("/hello", orgToken)).isEqualTo(401);
  }
}
