package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuthEngine;
import dev.janua.Organization;
import dev.janua.spring.boot.app.StarterTestApp;
import dev.janua.testing.PostgresService;
import dev.janua.testing.RedisService;
import dev.janua.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot application on a random loopback port, on PostgreSQL through
 * the application's DataSource and on Redis through its spring.data.redis settings.
 */
@SpringBootTest(classes = StarterTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JanuaStarterIT {
  private static final String SCHEMA = TestServices.freshSchema(JanuaStarterIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry r) {
    PostgresService pg = TestServices.postgres();
    RedisService redis = TestServices.redis();
    r.add("spring.datasource.url", pg::jdbcUrl);
    r.add("spring.datasource.username", () -> pg.username() == null ? "" : pg.username());
    r.add("spring.datasource.password", () -> pg.password() == null ? "" : pg.password());
    r.add("spring.data.redis.url", redis::url);
    r.add("janua.database-schema", () -> SCHEMA);
    r.add("janua.redis-key-prefix", () -> TestServices.freshKeyPrefix(JanuaStarterIT.class));
    r.add("janua.bcrypt-rounds", () -> "4");
    r.add("janua.env.JANUA_KEY_ENCRYPTION_KEY", () -> "amFudWEtdGVzdC1rZXktZW5jcnlwdGlvbi1rZXkhISE=");
    r.add("janua.web.routes.enabled", () -> "true");
    r.add("janua.public-base-url", () -> "http://localhost:4100");
    r.add("management.endpoint.health.show-details", () -> "always");
  }

  @LocalServerPort int port;
  @Autowired AuthEngine engine;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;
  @Autowired JanuaHealthIndicator health;
  @Autowired org.springframework.context.ApplicationContext context;

  @Test
  void signup_signin_protectedRoute_permission_signout_refused() throws Exception {
    Http http = new Http(port);
    HttpResponse<String> signup = http.post("/api/v1/auth/signup",
        "{\"email\":\"owner@example.com\",\"password\":\"correct horse battery\"}", null);
    assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
    HttpResponse<String> signin = http.post("/api/v1/auth/signin",
        "{\"email\":\"owner@example.com\",\"password\":\"correct horse battery\"}", null);
    assertThat(signin.statusCode()).as(signin.body()).isEqualTo(200);
    String token = JSON.readTree(signin.body()).get("access_token").asText();
    String userId = JSON.readTree(signin.body()).get("user").get("id").asText();

    // No token: 401 in Janua's shape.
    HttpResponse<String> anonymous = http.get("/api/whoami", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(error(anonymous).get("code").asText()).isEqualTo("unauthorized");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"janua\"");

    HttpResponse<String> whoami = http.get("/api/whoami", token);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).isEqualTo(userId);
    HttpResponse<String> me = http.get("/api/v1/auth/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).get("email").asText()).isEqualTo("owner@example.com");

    // The owner of an organization may invite; another user may not.
    Organization org = engine.organizations().create(engine.validate(token), "Acme", "acme-it");
    HttpResponse<String> allowed = http.get("/api/orgs/" + org.id() + "/invite", token);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    String other = JSON.readTree(http.post("/api/v1/auth/signup",
        "{\"email\":\"other@example.com\",\"password\":\"correct horse battery\"}", null).body())
        .get("access_token").asText();
    HttpResponse<String> denied = http.get("/api/orgs/" + org.id() + "/invite", other);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(error(denied).get("code").asText()).isEqualTo("permission_denied");
    // A JanuaException thrown in a controller is answered in Janua's shape, with its status.
    HttpResponse<String> refused = http.get("/api/orgs/" + org.id() + "/require", other);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(error(refused).get("code").asText()).isEqualTo("permission_denied");
    assertThat(refused.headers().firstValue("X-Request-ID")).isPresent();
    assertThat(http.get("/api/orgs/" + org.id() + "/require", token).body()).isEqualTo("granted");

    // Signed out: the same token is refused at once, with the reason.
    assertThat(http.post("/api/v1/auth/signout", null, token).statusCode()).isEqualTo(204);
    HttpResponse<String> after = http.get("/api/whoami", token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(error(after).get("code").asText()).isEqualTo("invalid_token");
    assertThat(error(after).get("details").get("reason").asText()).isEqualTo("session_revoked");

    // The store of record is the application's DataSource, in the configured schema.
    Integer users = new JdbcTemplate(dataSource).queryForObject(
        "select count(*) from " + SCHEMA + ".users where email in ('owner@example.com', "
            + "'other@example.com')", Integer.class);
    assertThat(users).isEqualTo(2);
    assertThat(context.getBean("januaJdbcPlugin").toString()).startsWith("DataSourceJdbcPlugin[");
    assertThat(context.getBean("januaRedisPlugin").toString()).startsWith("RedisPlugin[");
    // Janua's Lettuce client runs on the application's ClientResources (Boot's bean).
    assertThat(context.getBean("januaRedisPlugin", dev.janua.redis.RedisPlugin.class)
        .usesSharedClientResources()).isTrue();
    // janua-metrics records on the application's MeterRegistry.
    assertThat(meters.getMeters()).anyMatch(m -> m.getId().getName().startsWith("janua."));
  }

  @Test
  void apiToken_authenticatesLikeAnAccessToken_withinItsPermissions_untilRevoked()
      throws Exception {
    Http http = new Http(port);
    String access = JSON.readTree(http.post("/api/v1/auth/signup",
        "{\"email\":\"tokens@example.com\",\"password\":\"correct horse battery\"}", null)
        .body()).get("access_token").asText();
    dev.janua.Principal owner = engine.validate(access);
    Organization org = engine.organizations().create(owner, "Tokens", "tokens-it");
    java.time.Instant expiry = java.time.Instant.now().plus(java.time.Duration.ofDays(7));
    var inviter = engine.apiTokens().create(owner, org.id(), "ci",
        java.util.Set.of("members:create"), expiry);
    var reader = engine.apiTokens().create(owner, org.id(), "ro", java.util.Set.of("org:read"),
        expiry);

    HttpResponse<String> whoami = http.get("/api/whoami", inviter.token());
    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
    assertThat(whoami.body()).isEqualTo(owner.userId());
    assertThat(http.get("/api/orgs/" + org.id() + "/invite", inviter.token()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> beyond = http.get("/api/orgs/" + org.id() + "/invite", reader.token());
    assertThat(beyond.statusCode()).as("the token holds only org:read").isEqualTo(403);

    engine.apiTokens().revoke(owner, inviter.apiToken().id());
    HttpResponse<String> revoked = http.get("/api/whoami", inviter.token());
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(error(revoked).get("code").asText()).isEqualTo("invalid_token");
  }

  @Test
  void discoveryAndJwks_areServed_withTheTokensIssuer() throws Exception {
    Http http = new Http(port);
    HttpResponse<String> metadata = http.get("/.well-known/openid-configuration", null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat(JSON.readTree(metadata.body()).get("issuer").asText())
        .isEqualTo(engine.config().issuer());
    assertThat(http.get("/.well-known/oauth-authorization-server", null).body())
        .isEqualTo(metadata.body());
    HttpResponse<String> jwks = http.get("/.well-known/jwks.json", null);
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(jwks.body()).get("keys").size()).isPositive();
  }

  @Test
  void health_reportsTheEnginesReadiness_withDatabaseAndRedis() throws Exception {
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails()).containsEntry("database", "ok").containsEntry("redis", "ok");
    HttpResponse<String> actuator = new Http(port).get("/actuator/health/janua", null);
    assertThat(actuator.statusCode()).as(actuator.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(actuator.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("details").get("database").asText()).isEqualTo("ok");
    assertThat(body.get("details").get("redis").asText()).isEqualTo("ok");
  }

  private static JsonNode error(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).get("error");
  }
}
