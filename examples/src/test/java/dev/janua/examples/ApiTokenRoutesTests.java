package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.examples.OAuthRoutesTests.Answer;
import dev.janua.examples.OAuthRoutesTests.Caller;
import dev.janua.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API token routes over real HTTP: create (the secret once), list (never a secret), revoke,
 * and {@code Authorization: Bearer jnu_...} accepted on the routes an access token opens, refused
 * once revoked. Mixed into {@link ExampleServerSuite}, so they run on every backend.
 */
interface ApiTokenRoutesTests {
  String JSON = "application/json";
  /** The per-token limit the suite starts the service with: five a minute. */
  String RATE_LIMIT_API_TOKEN = "5/100";

  /** The service's base URL. */
  String baseUrl();

  /** The engine's clock. */
  MutableClock clock();

  private OAuthRoutesTests suite() {
    ApiTokenRoutesTests self = this;
    return new OAuthRoutesTests() {
      @Override
      public String baseUrl() {
        return self.baseUrl();
      }

      @Override
      public MutableClock clock() {
        return self.clock();
      }
    };
  }

  private Answer delete(String path, String bearer) throws Exception {
    HttpResponse<String> r = OAuthRoutesTests.HTTP.send(HttpRequest.newBuilder(
            URI.create(baseUrl() + path)).DELETE().header("Authorization", "Bearer " + bearer)
        .header("X-Forwarded-For", "198.18.7." + (1 + (int) (Math.random() * 250)))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  private String expiresIn(Duration d) {
    return clock().instant().plus(d).toString();
  }

  private String organization(Caller c, String access) throws Exception {
    String slug = "tok-" + UUID.randomUUID().toString().substring(0, 8);
    Answer org = c.post("/api/v1/organizations", access, JSON,
        "{\"name\":\"Tokens\",\"slug\":\"" + slug + "\"}");
    assertThat(org.status()).as(org.body()).isEqualTo(201);
    return org.json().path("id").asText();
  }

  @Test
  default void apiToken_createdOnce_listedWithoutSecret_worksOnMe_thenRevoked() throws Exception {
    Caller c = new Caller(suite());
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    String userId = signup.path("user").path("id").asText();
    String orgId = organization(c, access);

    Answer created = c.post("/api/v1/api-tokens", access, JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"org:read\",\"members:read\"],"
        + "\"expires_at\":\"" + expiresIn(Duration.ofDays(30)) + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    assertThat(created.header("X-RateLimit-Limit")).isNotNull();
    JsonNode t = created.json();
    String secret = t.path("token").asText();
    String id = t.path("id").asText();
    assertThat(secret).startsWith("jnu_").hasSize(53);
    assertThat(t.path("prefix").asText()).isEqualTo(secret.substring(0, 8));
    assertThat(t.path("organization_id").asText()).isEqualTo(orgId);
    assertThat(t.path("permissions").toString()).isEqualTo("[\"members:read\",\"org:read\"]");

    Answer listed = c.get("/api/v1/api-tokens", access);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(secret).contains(id).doesNotContain("\"token\"");
    assertThat(listed.json().path("data").get(0).path("prefix").asText())
        .isEqualTo(secret.substring(0, 8));

    Answer me = c.get("/api/v1/auth/me", secret);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().path("id").asText()).isEqualTo(userId);
    Answer org = c.get("/api/v1/organizations/" + orgId, secret);
    assertThat(org.status()).as("org:read given").isEqualTo(200);
    Answer sessions = c.get("/api/v1/sessions", secret);
    assertThat(sessions.status()).as("sessions need a signed-in session").isEqualTo(403);
    Answer byToken = c.get("/api/v1/api-tokens", secret);
    assertThat(byToken.status()).isEqualTo(403);
    assertThat(byToken.json().path("error").path("code").asText()).isEqualTo("permission_denied");
    assertThat(c.get("/api/v1/api-tokens", access).json().path("data").get(0)
        .path("last_used_at").isTextual()).as("last use recorded").isTrue();

    assertThat(delete("/api/v1/api-tokens/" + id, access).status()).isEqualTo(204);
    Answer after = c.get("/api/v1/auth/me", secret);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(after.json().path("error").path("details").path("reason").asText()).isEqualTo("api_token_invalid");
    assertThat(delete("/api/v1/api-tokens/" + id, access).status()).isEqualTo(404);
    assertThat(c.get("/api/v1/api-tokens", access).json().path("data")).isEmpty();
  }

  @Test
  default void apiToken_badRequests_errorShapeNamingTheField() throws Exception {
    Caller c = new Caller(suite());
    String access = c.signup().path("access_token").asText();
    String orgId = organization(c, access);
    Answer beyond = c.post("/api/v1/api-tokens", access, JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"billing:read\"],"
        + "\"expires_at\":\"" + expiresIn(Duration.ofDays(1)) + "\"}");
    // an owner holds everything: ask for more than a year instead
    assertThat(beyond.status()).isEqualTo(201);
    Answer tooLong = c.post("/api/v1/api-tokens", access, JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"org:read\"],"
        + "\"expires_at\":\"" + expiresIn(Duration.ofDays(400)) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("error").path("code").asText()).isEqualTo("validation_error");
    assertThat(tooLong.json().path("error").path("details").path("field").asText()).isEqualTo("expires_at");
    Answer noExpiry = c.post("/api/v1/api-tokens", access, JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"org:read\"]}");
    assertThat(noExpiry.json().path("error").path("details").path("field").asText()).isEqualTo("expires_at");
    Answer badDate = c.post("/api/v1/api-tokens", access, JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"org:read\"],"
        + "\"expires_at\":\"next week\"}");
    assertThat(badDate.json().path("error").path("details").path("field").asText()).isEqualTo("expires_at");
    Answer mistyped = c.get("/api/v1/auth/me", "jnu_" + "A".repeat(49));
    assertThat(mistyped.status()).isEqualTo(401);
    assertThat(mistyped.json().path("error").path("details").path("reason").asText()).isEqualTo("malformed");
  }

  @Test
  default void apiToken_overItsOwnLimit_429WithHeaders_otherTokensUnaffected() throws Exception {
    Caller c = new Caller(suite());
    String access = c.signup().path("access_token").asText();
    String orgId = organization(c, access);
    String body = "{\"name\":\"ci\",\"organization_id\":\"" + orgId
        + "\",\"permissions\":[\"org:read\"],\"expires_at\":\""
        + expiresIn(Duration.ofDays(1)) + "\"}";
    String one = c.post("/api/v1/api-tokens", access, JSON, body).json().path("token").asText();
    String two = c.post("/api/v1/api-tokens", access, JSON, body).json().path("token").asText();
    for (int i = 0; i < 5; i++) {
      assertThat(c.get("/api/v1/auth/me", one).status()).isEqualTo(200);
    }
    Answer limited = c.get("/api/v1/auth/me", one);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().path("error").path("code").asText()).isEqualTo("rate_limited");
    assertThat(limited.json().path("error").path("details").path("category").asText())
        .isEqualTo("api_token");
    assertThat(limited.header("Retry-After")).isNotNull();
    assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(c.get("/api/v1/auth/me", two).status()).as("counted per token").isEqualTo(200);
  }
}
