package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.examples.WebCalls.Reply;
import org.junit.jupiter.api.Test;

/**
 * The passkey routes' shapes and refusals over HTTP. Whole ceremonies with a real authenticator run
 * in {@code BrowserFlowIT} (Chromium's virtual authenticator) and in janua-webauthn's tests.
 */
interface PasskeyRoutesTests {
  String baseUrl();

  @Test
  default void passkeyRoutes_optionsAreLevel3Json_listEmpty_badCredentialNamed_unknownIdNotFound()
      throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    String access = c.signup(WebCalls.email("passkey-routes")).path("access_token").asText();

    Reply options = c.bearer("POST", "/api/v1/auth/passkeys/register/options", access, null);
    assertThat(options.status()).as(options.body()).isEqualTo(200);
    assertThat(options.header("Cache-Control")).isEqualTo("no-store");
    JsonNode o = options.json();
    // camelCase as the browser's parseCreationOptionsFromJSON wants, not the snake_case codec's.
    assertThat(o.path("challenge").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(o.path("pubKeyCredParams").isArray()).isTrue();
    assertThat(o.path("user").path("id").asText()).matches("[A-Za-z0-9_-]+");
    assertThat(o.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");

    Reply list = c.bearer("GET", "/api/v1/auth/passkeys", access, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("data").isArray()).isTrue();
    assertThat(list.json().path("data").size()).isZero();

    Reply bad = c.bearer("POST", "/api/v1/auth/passkeys/register", access,
        "{\"credential\":{\"id\":\"x\",\"type\":\"public-key\"},\"name\":\"Key\"}");
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.json().path("error").path("details").path("field").asText())
        .isEqualTo("credential");
    Reply missing = c.bearer("POST", "/api/v1/auth/passkeys/register", access, "{}");
    assertThat(missing.status()).isEqualTo(400);

    assertThat(c.bearer("PATCH", "/api/v1/auth/passkeys/pk-unknown", access,
        "{\"name\":\"x\"}").status()).isEqualTo(404);
    assertThat(c.bearer("DELETE", "/api/v1/auth/passkeys/pk-unknown", access, null).status())
        .isEqualTo(404);
    assertThat(c.send("GET", "/api/v1/auth/passkeys", null).status()).isEqualTo(401);
    assertThat(c.send("POST", "/api/v1/auth/passkeys/register/options", null).status())
        .isEqualTo(401);

    // Sign-in options need no session: without an email, no credentials listed (discoverable).
    Reply signin = c.send("POST", "/api/v1/auth/passkeys/signin/options", "{}");
    assertThat(signin.status()).as(signin.body()).isEqualTo(200);
    assertThat(signin.json().path("userVerification").asText()).isEqualTo("required");
    assertThat(signin.json().path("allowCredentials").size()).isZero();
    Reply refused = c.send("POST", "/api/v1/auth/passkeys/signin",
        "{\"credential\":{\"id\":\"x\",\"type\":\"public-key\"}}");
    assertThat(refused.status()).as(refused.body()).isIn(400, 401);
  }
}
