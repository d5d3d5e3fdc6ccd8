package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.examples.OAuthRoutesTests.Answer;
import dev.janua.examples.OAuthRoutesTests.Caller;
import dev.janua.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service's HTTP edges over real HTTP: method override ignored, token responses not cached
 * (RFC 6749 5.1), 405 with {@code Allow} for a wrong method, RFC 6750 bearer challenges. Mixed
 * into {@link ExampleServerSuite}, so they run on every backend.
 */
interface EdgeRoutesTests {
  String EDGE_JSON = "application/json";
  ObjectMapper EDGE_MAPPER = new ObjectMapper();
  AtomicInteger EDGE_CALLERS = new AtomicInteger();

  /** The service's base URL. */
  String baseUrl();

  /** The engine's clock. */
  MutableClock clock();

  private Caller caller() {
    EdgeRoutesTests self = this;
    return new Caller(new OAuthRoutesTests() {
      @Override
      public String baseUrl() {
        return self.baseUrl();
      }

      @Override
      public MutableClock clock() {
        return self.clock();
      }
    });
  }

  /** Any method, any headers (name, value pairs), from an address of its own. */
  private Answer raw(String method, String path, String body, String... headers)
      throws Exception {
    int n = EDGE_CALLERS.incrementAndGet();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("X-Forwarded-For", "198.18.9" + (n / 250 % 10) + "." + (1 + n % 250))
        .timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = OAuthRoutesTests.HTTP.send(b.build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  private static void noStore(Answer a) {
    assertThat(a.header("Cache-Control")).as(a.body()).isEqualTo("no-store");
    assertThat(a.header("Pragma")).as(a.body()).isEqualTo("no-cache");
  }

  @Test
  default void methodOverride_postWithOverrideDelete_deletesNothing() throws Exception {
    Caller c = caller();
    String access = c.signup().path("access_token").asText();
    // DELETE /api/v1/sessions revokes every session of the caller; a POST that asks to be taken
    // for one must not.
    for (String header : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method",
        "X-Method-Override"}) {
      Answer overridden = raw("POST", "/api/v1/sessions", null,
          "Authorization", "Bearer " + access, header, "DELETE");
      assertThat(overridden.status()).as(header + ": " + overridden.body()).isEqualTo(405);
      assertThat(overridden.header("Allow")).isEqualTo("DELETE, GET");
    }
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(200);
    // And a GET overridden to DELETE is still a GET.
    Answer listed = raw("GET", "/api/v1/sessions", null, "Authorization", "Bearer " + access,
        "X-HTTP-Method-Override", "DELETE");
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(200);
  }

  @Test
  default void tokenResponses_noStoreAndNoCache() throws Exception {
    Caller c = caller();
    String email = "edge-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
    Answer signup = c.post("/api/v1/auth/signup", null, EDGE_JSON, credentials);
    assertThat(signup.status()).as(signup.body()).isEqualTo(201);
    noStore(signup);
    Answer signin = c.post("/api/v1/auth/signin", null, EDGE_JSON, credentials);
    assertThat(signin.status()).as(signin.body()).isEqualTo(200);
    noStore(signin);
    JsonNode tokens = signin.json();
    String access = tokens.path("access_token").asText();
    Answer refresh = c.post("/api/v1/auth/refresh", null, EDGE_JSON,
        "{\"refresh_token\":\"" + tokens.path("refresh_token").asText() + "\"}");
    assertThat(refresh.status()).as(refresh.body()).isEqualTo(200);
    noStore(refresh);
    access = refresh.json().path("access_token").asText();

    Answer org = c.post("/api/v1/organizations", access, EDGE_JSON, "{\"name\":\"Edges\",\"slug\":\"edge-"
        + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertThat(org.status()).as(org.body()).isEqualTo(201);
    String orgId = org.json().path("id").asText();
    Answer orgToken = c.post("/api/v1/organizations/" + orgId + "/token", access, null, null);
    assertThat(orgToken.status()).as(orgToken.body()).isEqualTo(200);
    noStore(orgToken);
    Answer switched = c.post("/api/v1/auth/switch-organization", access, EDGE_JSON,
        "{\"organization_id\":\"" + orgId + "\"}");
    assertThat(switched.status()).as(switched.body()).isEqualTo(200);
    noStore(switched);
    Answer apiToken = c.post("/api/v1/api-tokens", access, EDGE_JSON, "{\"name\":\"ci\","
        + "\"organization_id\":\"" + orgId + "\",\"permissions\":[\"org:read\"],"
        + "\"expires_at\":\"" + clock().instant().plus(Duration.ofDays(1)) + "\"}");
    assertThat(apiToken.status()).as(apiToken.body()).isEqualTo(201);
    noStore(apiToken);
    Answer introspected = c.introspect(access);
    assertThat(introspected.status()).as(introspected.body()).isEqualTo(200);
    noStore(introspected);
  }

  @Test
  default void wrongMethodOnKnownRoute_405WithAllow_unknownRouteStill404() throws Exception {
    Answer signin = raw("GET", "/api/v1/auth/signin", null);
    assertThat(signin.status()).isEqualTo(405);
    assertThat(signin.header("Allow")).isEqualTo("POST");
    JsonNode error = EDGE_MAPPER.readTree(signin.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("method_not_allowed");
    assertThat(error.path("request_id").asText()).isNotBlank();
    assertThat(signin.header("Content-Type")).startsWith(EDGE_JSON);

    Answer me = raw("PUT", "/api/v1/users/me", "{}", "Content-Type", EDGE_JSON);
    assertThat(me.status()).isEqualTo(405);
    // GET through /api/v1/users/{id}, PATCH and DELETE on /api/v1/users/me.
    assertThat(me.header("Allow")).isEqualTo("DELETE, GET, PATCH");
    Answer members = raw("POST", "/api/v1/organizations/o1/members/u1", "{}");
    assertThat(members.status()).isEqualTo(405);
    assertThat(members.header("Allow")).isEqualTo("DELETE, PATCH");

    Answer unknown = raw("GET", "/api/v1/nothing-here", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Allow")).isNull();
  }

  @Test
  default void bearerChallenges_rfc6750() throws Exception {
    Answer missing = raw("GET", "/api/v1/auth/me", null);
    assertThat(missing.status()).isEqualTo(401);
    // No credentials: the realm alone, no error code (RFC 6750 3.1).
    assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\"");

    String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzM2NyM3QifQ.c2VjcmV0LXNpZ25hdHVyZQ";
    Answer bad = raw("GET", "/api/v1/auth/me", null, "Authorization", "Bearer " + forged);
    assertThat(bad.status()).isEqualTo(401);
    String challenge = bad.header("WWW-Authenticate");
    assertThat(challenge).startsWith(
        "Bearer realm=\"janua\", error=\"invalid_token\", error_description=\"")
        .doesNotContain(forged).doesNotContain("eyJ").doesNotContain("c2VjcmV0");

    Caller c = caller();
    String access = c.signup().path("access_token").asText();
    assertThat(c.post("/api/v1/auth/signout", access, null, null).status()).isEqualTo(204);
    Answer revoked = c.get("/api/v1/auth/me", access);
    assertThat(revoked.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", "
        + "error=\"invalid_token\", error_description=\"The token was refused: session_revoked\"");

    Answer malformed = raw("GET", "/api/v1/auth/me", null, "Authorization", "Bearer two s3cr3ts");
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.header("WWW-Authenticate"))
        .startsWith("Bearer realm=\"janua\", error=\"invalid_token\"").doesNotContain("s3cr3ts");
  }
}
