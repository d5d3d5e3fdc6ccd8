package dev.janua.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuthEngine;
import dev.janua.RoleName;
import dev.janua.testing.PostgresService;
import dev.janua.testing.RedisService;
import dev.janua.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample on a random loopback port, on the local PostgreSQL and Redis (a fresh schema and key
 * prefix): an owner creates an organization and reads its invitations; another user is refused by
 * {@code @janua.hasPermission}, then allowed once made an admin; signed out, the owner is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry r) {
    PostgresService pg = TestServices.postgres();
    RedisService redis = TestServices.redis();
    r.add("spring.datasource.url", pg::jdbcUrl);
    r.add("spring.datasource.username", () -> pg.username() == null ? "" : pg.username());
    r.add("spring.datasource.password", () -> pg.password() == null ? "" : pg.password());
    r.add("spring.data.redis.url", redis::url);
    r.add("janua.database-schema", () -> TestServices.freshSchema(SampleApplicationIT.class));
    r.add("janua.redis-key-prefix", () -> TestServices.freshKeyPrefix(SampleApplicationIT.class));
    r.add("janua.bcrypt-rounds", () -> "4");
    r.add("janua.env.JANUA_KEY_ENCRYPTION_KEY", () -> "amFudWEtdGVzdC1rZXktZW5jcnlwdGlvbi1rZXkhISE=");
  }

  @LocalServerPort int port;
  @Autowired AuthEngine engine;

  @Test
  void invitations_needMembersCreate_throughTheJanuaBean() throws Exception {
    JsonNode owner = post("/api/v1/auth/signup",
        "{\"email\":\"owner@sample.example\",\"password\":\"correct horse battery\"}", null, 201);
    String ownerToken = owner.get("access_token").asText();
    JsonNode other = post("/api/v1/auth/signup",
        "{\"email\":\"other@sample.example\",\"password\":\"correct horse battery\"}", null, 201);
    String otherToken = other.get("access_token").asText();
    String otherId = other.get("user").get("id").asText();

    String orgId = post("/api/v1/organizations", "{\"name\":\"Sample\",\"slug\":\"sample-it\"}",
        ownerToken, 201).get("id").asText();
    HttpResponse<String> mine = get("/api/v1/organizations/" + orgId + "/invitations", ownerToken);
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    assertThat(JSON.readTree(mine.body()).get("data").size()).isEqualTo(1);

    HttpResponse<String> refused = get("/api/v1/organizations/" + orgId + "/invitations", otherToken);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("error").get("code").asText())
        .isEqualTo("permission_denied");

    // A viewer still may not invite (the role is read at each check, not from the token).
    addMember(ownerToken, orgId, otherId, "viewer");
    assertThat(get("/api/v1/organizations/" + orgId + "/invitations", otherToken).statusCode())
        .isEqualTo(403);
    // Made an admin, the same token passes at once.
    engine.organizations().changeRole(engine.validate(ownerToken), orgId, otherId, RoleName.ADMIN);
    assertThat(get("/api/v1/organizations/" + orgId + "/invitations", otherToken).statusCode())
        .isEqualTo(200);

    HttpResponse<String> signout = send(HttpRequest.newBuilder(uri("/api/v1/auth/signout"))
        .header("Authorization", "Bearer " + ownerToken)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(signout.statusCode()).isEqualTo(204);
    HttpResponse<String> after = get("/api/v1/organizations/" + orgId + "/invitations", ownerToken);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(after.body()).get("error").get("code").asText())
        .isEqualTo("invalid_token");
  }

  @Test
  void health_isUp_withDatabaseAndRedis() throws Exception {
    HttpResponse<String> health = get("/actuator/health", null);
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    JsonNode janua = JSON.readTree(health.body()).get("components").get("janua");
    assertThat(janua.get("status").asText()).isEqualTo("UP");
    assertThat(janua.get("details").get("database").asText()).isEqualTo("ok");
    assertThat(janua.get("details").get("redis").asText()).isEqualTo("ok");
  }

  /** Through the engine bean: the sample has no member route of its own. */
  private void addMember(String ownerToken, String orgId, String userId, String role) {
    engine.organizations().addMember(engine.validate(ownerToken), orgId, userId,
        RoleName.of(role));
  }

  private JsonNode post(String path, String body, String token, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = send(b);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
