package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.janua.testing.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The routes resource servers use, over real HTTP: discovery at both well-known paths, a Nimbus
 * processor set up like a standard resource server, introspection and revocation with HTTP Basic
 * client authentication. Mixed into {@link ExampleServerSuite}, so they run on every backend; the
 * suite starts the service with {@link #JANUA_CLIENTS} and {@code PUBLIC_BASE_URL} set to its own
 * address.
 */
interface OAuthRoutesTests {
  String CLIENT_ID = "orders-api";
  String CLIENT_SECRET = "rs-0123456789abcdef0123456789abcdef";
  /** The {@code JANUA_CLIENTS} value the suite starts the service with. */
  String JANUA_CLIENTS = CLIENT_ID + ":" + CLIENT_SECRET + ",billing:fedcba9876543210fedcba98";
  ObjectMapper MAPPER = new ObjectMapper();
  HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Simulated callers get addresses of their own (198.19.0.0/16: benchmarking, never real). */
  AtomicInteger CALLERS = new AtomicInteger();

  /** The service's base URL, which is also its {@code PUBLIC_BASE_URL}. */
  String baseUrl();

  /** The engine's clock. */
  MutableClock clock();

  // ------------------------------------------------------------------ discovery

  @Test
  default void discovery_bothWellKnownPaths_sameDocument_issuerIsTheTokensIss() throws Exception {
    Caller c = new Caller(this);
    Answer oauth = c.get("/.well-known/oauth-authorization-server");
    Answer oidc = c.get("/.well-known/openid-configuration");
    for (Answer a : List.of(oauth, oidc)) {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.header("Content-Type")).startsWith("application/json");
      assertThat(a.header("Cache-Control")).isEqualTo("public, max-age=3600");
    }
    assertThat(oidc.body()).isEqualTo(oauth.body());
    JsonNode d = oauth.json();
    String access = c.signup().path("access_token").asText();
    String iss = claims(access).path("iss").asText();
    // Byte for byte: no trailing-slash drift between the document and the tokens.
    assertThat(d.path("issuer").asText()).isEqualTo(iss).isEqualTo(baseUrl());
    assertThat(d.path("jwks_uri").asText()).isEqualTo(baseUrl() + "/.well-known/jwks.json");
    assertThat(d.path("introspection_endpoint").asText()).isEqualTo(baseUrl() + "/oauth2/introspect");
    assertThat(d.path("revocation_endpoint").asText()).isEqualTo(baseUrl() + "/oauth2/revoke");
    assertThat(d.path("id_token_signing_alg_values_supported").get(0).asText()).isEqualTo("RS256");
    assertThat(d.path("introspection_endpoint_auth_methods_supported").get(0).asText())
        .isEqualTo("client_secret_basic");
    assertThat(d.path("response_types_supported").isArray()).isTrue();
    Answer jwks = c.getAbsolute(d.path("jwks_uri").asText());
    assertThat(jwks.status()).isEqualTo(200);
    assertThat(jwks.json().path("keys").size()).isPositive();
  }

  /**
   * A Nimbus processor configured as a standard resource server would be: keys from the JWKS the
   * discovery document names, RS256, the processor's default {@code typ} rule (JWT or none), the
   * issuer and audience checked, {@code iss sub exp iat client_id} required.
   */
  private DefaultJWTProcessor<SecurityContext> resourceServer() throws Exception {
    JsonNode d = new Caller(this).get("/.well-known/openid-configuration").json();
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
        URI.create(d.path("jwks_uri").asText()).toURL()).retrying(false).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    MutableClock clock = clock();
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("janua",
        new JWTClaimsSet.Builder().issuer(d.path("issuer").asText()).build(),
        Set.of("iss", "sub", "exp", "iat", "client_id")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant()); // the engine runs on the suite's clock
      }
    });
    return p;
  }

  @Test
  default void nimbusResourceServerWithDefaults_acceptsSessionAndOrganizationTokens() throws Exception {
    DefaultJWTProcessor<SecurityContext> rs = resourceServer();
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    JWTClaimsSet claims = rs.process(access, null);
    assertThat(claims.getSubject()).isEqualTo(signup.path("user").path("id").asText());
    assertThat(claims.getStringClaim("client_id")).isEqualTo("janua");
    assertThat(claims.getIssuer()).isEqualTo(baseUrl());

    String orgId = c.post("/api/v1/organizations", access, "application/json",
        "{\"name\":\"Acme\",\"slug\":\"acme-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
        .json().path("id").asText();
    Answer orgToken = c.post("/api/v1/organizations/" + orgId + "/token", access, null, null);
    assertThat(orgToken.status()).isEqualTo(200);
    assertThat(orgToken.json().path("scope").asText()).isEqualTo("*");
    JWTClaimsSet org = rs.process(orgToken.json().path("access_token").asText(), null);
    assertThat(org.getStringClaim("org")).isEqualTo(orgId);
    assertThat(org.getStringListClaim("roles")).containsExactly("owner");
    assertThat(org.getStringClaim("scope")).isEqualTo("*");

    // A verifier that demands RFC 9068's type refuses the default JWT type, as it should.
    rs.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    assertThatThrownBy(() -> rs.process(access, null)).isInstanceOf(BadJOSEException.class);
  }

  // ------------------------------------------------------------------ introspection

  /**
   * Verifier-only mode against the running service: keys from its metadata and JWKS, the same
   * strict checks as the engine, and (no store) a revoked session seen only by introspection.
   */
  @Test
  default void januaVerifier_acceptsTheServicesTokens_seesRevocationOnlyThroughIntrospection()
      throws Exception {
    dev.janua.JanuaVerifier verifier = dev.janua.JanuaVerifier.builder(baseUrl()).clock(clock())
        .clientId("janua").build();
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    dev.janua.VerifiedToken t = verifier.verify(access);
    assertThat(t.subject()).isEqualTo(signup.path("user").path("id").asText());
    assertThat(t.clientId()).isEqualTo("janua");
    assertThat(verifier.keyIds()).contains(claimsHeaderKid(access));

    String orgId = c.post("/api/v1/organizations", access, "application/json",
        "{\"name\":\"Acme\",\"slug\":\"acme-" + UUID.randomUUID().toString().substring(0, 8)
            + "\"}").json().path("id").asText();
    String orgToken = c.post("/api/v1/organizations/" + orgId + "/token", access, null, null)
        .json().path("access_token").asText();
    dev.janua.VerifiedToken org = verifier.verify(orgToken);
    assertThat(org.organizationId()).isEqualTo(orgId);
    assertThat(org.roles()).containsExactly("owner");
    assertThat(org.scopes()).containsExactly("*");

    assertThatThrownBy(() -> dev.janua.JanuaVerifier.builder(baseUrl()).clock(clock())
        .audience("billing").build().verify(access))
        .isInstanceOfSatisfying(dev.janua.InvalidTokenException.class, e ->
            assertThat(e.reason()).isEqualTo(dev.janua.TokenFailureReason.WRONG_AUDIENCE));

    assertThat(c.revoke(access, null).status()).isEqualTo(200);
    assertThat(c.introspect(access).json().path("active").asBoolean()).isFalse();
    // Documented: without the store, the verifier accepts the token until it expires.
    assertThat(verifier.verify(access).sessionId()).isEqualTo(t.sessionId());
  }

  private static String claimsHeaderKid(String token) throws Exception {
    return MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))
        .path("kid").asText();
  }

  @Test
  default void introspect_liveToken_activeWithClaims_thenInactiveRightAfterSignout() throws Exception {
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    Answer live = c.introspect(access);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.header("Content-Type")).startsWith("application/json");
    assertThat(live.header("Cache-Control")).isEqualTo("no-store");
    JsonNode j = live.json();
    assertThat(j.path("active").asBoolean()).isTrue();
    assertThat(j.path("sub").asText()).isEqualTo(signup.path("user").path("id").asText());
    assertThat(j.path("client_id").asText()).isEqualTo("janua");
    assertThat(j.path("iss").asText()).isEqualTo(baseUrl());
    assertThat(j.path("aud").asText()).isEqualTo("janua");
    assertThat(j.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(j.path("exp").asLong()).isEqualTo(claims(access).path("exp").asLong());
    assertThat(j.path("iat").isIntegralNumber()).isTrue();
    assertThat(j.path("sid").asText()).isNotBlank();
    assertThat(j.has("scope")).isFalse();

    assertThat(c.post("/api/v1/auth/signout", access, null, null).status()).isEqualTo(204);
    Answer after = c.introspect(access);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("{\"active\":false}");
  }

  @Test
  default void introspect_expiredGarbageOrRefreshToken_inactive() throws Exception {
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    assertThat(c.introspect("garbage").body()).isEqualTo("{\"active\":false}");
    assertThat(c.introspect(signup.path("refresh_token").asText()).body())
        .isEqualTo("{\"active\":false}");
    String access = signup.path("access_token").asText();
    assertThat(c.introspect(access).json().path("active").asBoolean()).isTrue();
    clock().advance(Duration.ofMinutes(16));
    assertThat(c.introspect(access).body()).isEqualTo("{\"active\":false}");
  }

  @Test
  default void introspectAndRevoke_withoutValidClient_401Basic() throws Exception {
    Caller c = new Caller(this);
    String access = c.signup().path("access_token").asText();
    String form = "token=" + access;
    for (String auth : new String[] {null, basic(CLIENT_ID, CLIENT_SECRET + "x"),
        basic("nobody", CLIENT_SECRET), "Bearer " + access, "Basic !!!"}) {
      for (String path : List.of("/oauth2/introspect", "/oauth2/revoke")) {
        Answer a = c.form(path, auth, form);
        assertThat(a.status()).as(path + " " + auth).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(a.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(a.body()).doesNotContain(CLIENT_SECRET);
      }
    }
    // Nothing was revoked on the way.
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(200);
  }

  @Test
  default void introspect_badRequests_invalidRequest() throws Exception {
    Caller c = new Caller(this);
    String auth = basic(CLIENT_ID, CLIENT_SECRET);
    Answer missing = c.form("/oauth2/introspect", auth, "token_type_hint=access_token");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("error").asText()).isEqualTo("invalid_request");
    Answer twice = c.form("/oauth2/introspect", auth, "token=a&token=b");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().path("error_description").asText()).contains("once");
    Answer json = c.post("/oauth2/introspect", null, "application/json", "{\"token\":\"a\"}",
        auth);
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.json().path("error_description").asText())
        .contains("application/x-www-form-urlencoded");
    // The hint is accepted, whatever it says.
    assertThat(c.form("/oauth2/introspect", auth, "token=x&token_type_hint=refresh_token").status())
        .isEqualTo(200);
    // Bad client first: a bad request from an unknown client is still a 401.
    assertThat(c.form("/oauth2/introspect", null, "token=a&token=b").status()).isEqualTo(401);
  }

  /** Found by HttpInputFuzzIT: a form over the body limit used to escape as a 500. */
  @Test
  default void introspectAndRevoke_formOverTheBodyLimit_invalidRequestNot500() throws Exception {
    Caller c = new Caller(this);
    String auth = basic(CLIENT_ID, CLIENT_SECRET);
    String huge = "token=" + "x".repeat(dev.janua.http.JsonCodec.MAX_BODY_BYTES);
    for (String path : List.of("/oauth2/introspect", "/oauth2/revoke")) {
      Answer a = c.form(path, auth, huge);
      assertThat(a.status()).as(path).isEqualTo(400);
      assertThat(a.json().path("error").asText()).as(path).isEqualTo("invalid_request");
    }
  }

  // ------------------------------------------------------------------ revocation

  @Test
  default void revoke_accessToken_endsTheSession_200EvenForUnknownTokens() throws Exception {
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(200);
    Answer revoked = c.revoke(access, "access_token");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body()).isEmpty();
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(401);
    assertThat(c.introspect(access).body()).isEqualTo("{\"active\":false}");
    assertThat(c.post("/api/v1/auth/refresh", null, "application/json",
        "{\"refresh_token\":\"" + signup.path("refresh_token").asText() + "\"}").status())
        .isEqualTo(401);
    assertThat(c.revoke(access, null).status()).isEqualTo(200);
    assertThat(c.revoke("never-issued", null).status()).isEqualTo(200);
    assertThat(c.revoke("jrt_" + "A".repeat(43), "refresh_token").status()).isEqualTo(200);
  }

  @Test
  default void revoke_refreshToken_endsTheSession() throws Exception {
    Caller c = new Caller(this);
    JsonNode signup = c.signup();
    String access = signup.path("access_token").asText();
    // The hint may be wrong: Janua tells the token kinds apart by their form.
    assertThat(c.revoke(signup.path("refresh_token").asText(), "access_token").status())
        .isEqualTo(200);
    assertThat(c.get("/api/v1/auth/me", access).status()).isEqualTo(401);
    assertThat(c.introspect(access).json().path("active").asBoolean()).isFalse();
  }

  // ------------------------------------------------------------------ helpers

  static JsonNode claims(String jwt) throws Exception {
    return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** An HTTP answer. */
  record Answer(int status, String body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return MAPPER.readTree(body);
    }
  }

  /** A simulated caller with an address of its own, through the trusted loopback proxy. */
  final class Caller {
    private final String base;
    private final String ip;

    Caller(OAuthRoutesTests suite) {
      this.base = suite.baseUrl();
      int n = CALLERS.incrementAndGet();
      this.ip = "198.19." + ((n / 250) % 250) + "." + (1 + n % 250);
    }

    JsonNode signup() throws Exception {
      String email = "rs-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
      Answer a = post("/api/v1/auth/signup", null, "application/json",
          "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(201);
      return a.json();
    }

    Answer introspect(String token) throws Exception {
      return form("/oauth2/introspect", basic(CLIENT_ID, CLIENT_SECRET), "token=" + enc(token));
    }

    Answer revoke(String token, String hint) throws Exception {
      return form("/oauth2/revoke", basic(CLIENT_ID, CLIENT_SECRET), "token=" + enc(token)
          + (hint == null ? "" : "&token_type_hint=" + hint));
    }

    Answer form(String path, String authorization, String body) throws Exception {
      return post(path, null, "application/x-www-form-urlencoded", body, authorization);
    }

    Answer get(String path) throws Exception {
      return getAbsolute(base + path);
    }

    Answer getAbsolute(String url) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Answer get(String path, String bearer) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET()
          .header("Authorization", "Bearer " + bearer));
    }

    Answer post(String path, String bearer, String contentType, String body) throws Exception {
      return post(path, bearer, contentType, body, null);
    }

    Answer post(String path, String bearer, String contentType, String body, String authorization)
        throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .POST(body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      } else if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return send(b);
    }

    private Answer send(HttpRequest.Builder b) throws Exception {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30))
          .header("X-Forwarded-For", ip).header("User-Agent", "janua-oauth-it").build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r);
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
