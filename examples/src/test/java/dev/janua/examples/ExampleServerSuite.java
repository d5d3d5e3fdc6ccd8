package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.Store;
import dev.janua.testing.MutableClock;
import dev.janua.testing.RecordingNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end suite: the example service started in-process on a free loopback port, driven
 * over real HTTP with java.net.http. Subclasses choose the backing services through environment
 * variables; the same tests run on each.
 *
 * <p>Every simulated client has its own address, passed as {@code X-Forwarded-For} from the
 * trusted loopback proxy, so rate-limit windows never leak between tests. The engine runs on a
 * {@link MutableClock}: rate windows stay put, and the refresh grace window is crossed by
 * advancing the clock, never by sleeping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExampleServerSuite implements OAuthRoutesTests, OrganizationAdminRoutesTests,
    ApiTokenRoutesTests, AccountRoutesTests, InvitationRoutesTests, EdgeRoutesTests,
    ClientIdentityRoutesTests, RefreshGraceRoutesTests, DeviceTokenRoutesTests,
    MfaRoutesTests, BrowserCookieRoutesTests, PasskeyRoutesTests {
  static final String METRICS_TOKEN = "metrics-" + UUID.randomUUID();
  static final String ADMIN_EMAIL = "ops-admin@example.com";
  static final String PASSWORD = "correct horse battery";

  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean probeUp = new AtomicBoolean(true);
  protected final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(10)));
  private final RecordingNotifier notifications = new RecordingNotifier();
  /** The engine's store as decorated (the cache in front of the database, when there is one). */
  private final AtomicReference<Store> store = new AtomicReference<>();
  private JanuaExampleServer server;
  private String base;
  private GreenMail mail;

  /** The backing services' variables (DATABASE_URL, REDIS_URL ...), added to the common ones. */
  protected abstract Map<String, String> backendEnvironment() throws Exception;

  /** Releases what {@link #backendEnvironment()} set up. */
  protected void releaseBackend() throws Exception {}

  @BeforeAll
  void startServer() throws Exception {
    Map<String, String> env = new HashMap<>(backendEnvironment());
    env.put("HOST", "127.0.0.1");
    env.put("JANUA_CLIENTS", JANUA_CLIENTS);
    env.put("BCRYPT_ROUNDS", "4");
    env.put("RATE_LIMIT_API_TOKEN", ApiTokenRoutesTests.RATE_LIMIT_API_TOKEN);
    env.put("REFRESH_TOKEN_REUSE_GRACE_SECONDS", "2");
    env.put("TRUSTED_PROXIES", "127.0.0.1/32,::1/128");
    env.put("METRICS_TOKEN", METRICS_TOKEN);
    env.put("ADMIN_EMAILS", ADMIN_EMAIL.toUpperCase(java.util.Locale.ROOT) + ", other@example.com");
    // The service's mail goes to a real SMTP server in this JVM.
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
    env.put("SMTP_FROM", "Janua example <no-reply@janua.test>");
    env.put("SMTP_STARTTLS", "false");
    env.put("INVITATION_EXPIRE_HOURS", "1");
    HealthCheck probe = new HealthCheck() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public HealthStatus check() {
        return probeUp.get() ? HealthStatus.ok() : HealthStatus.down("probe is down");
      }
    };
    // The discovery document must name the service's own address: choose the port first.
    for (int attempt = 1; server == null; attempt++) {
      int port;
      try (java.net.ServerSocket probeSocket = new java.net.ServerSocket(0)) {
        port = probeSocket.getLocalPort();
      }
      env.put("PORT", Integer.toString(port));
      env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
      try {
        // Every message is both recorded (for direct reads) and mailed through the service's own
        // SMTP notifier to GreenMail (for the tests that read mail as a user does).
        dev.janua.spi.Notifier smtp = Wiring.notifier(env);
        server = JanuaExampleServer.start(env, List.of(probe), clock, builder -> builder
            .notifier(n -> {
              notifications.deliver(n);
              smtp.deliver(n);
            })
            .install(ctx -> ctx.decorateStore(s -> {
              store.set(s); // decorators run in install order: this one sees the outermost store
              return s;
            })));
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e; // the port was taken between probe and bind three times running
        }
      }
    }
    base = "http://127.0.0.1:" + server.port();
  }

  /** The service's base URL, e.g. {@code http://127.0.0.1:40123}, also its PUBLIC_BASE_URL. */
  @Override
  public String baseUrl() {
    return base;
  }

  @Override
  public void addMember(String ownerAccess, String organizationId, String userId, String role) {
    dev.janua.AuthEngine engine = server.engine();
    engine.organizations().addMember(engine.validate(ownerAccess), organizationId, userId,
        dev.janua.RoleName.of(role));
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public GreenMail mailbox() {
    return mail;
  }

  @Override
  public RecordingNotifier notifications() {
    return notifications;
  }

  @Override
  public void markEmailVerified(String userId, String email) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    assertThat(store.get().users().markEmailVerified(userId, email, now, new AuditEvent(
        UUID.randomUUID().toString(), AuditEventType.EMAIL_VERIFIED, userId, null, null, null,
        null, Map.of(), now))).isTrue();
  }

  @AfterAll
  void stopServer() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (mail != null) {
        mail.stop();
      }
      releaseBackend();
    }
  }

  // ------------------------------------------------------------------ the whole flow

  @Test
  void wholeFlow_signupMeOrganizationMembersRefreshSignout_oldAccessTokenRejected() throws Exception {
    Client owner = new Client();
    Res signup = owner.signup(email("owner"), "Ada");
    assertThat(signup.status).isEqualTo(201);
    JsonNode tokens = signup.json();
    assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.path("expires_in").asLong()).isEqualTo(900);
    assertThat(tokens.path("refresh_token").asText()).isNotBlank();
    assertThat(tokens.path("user").path("name").asText()).isEqualTo("Ada");
    String access = tokens.path("access_token").asText();
    String ownerId = tokens.path("user").path("id").asText();

    Res me = owner.get("/api/v1/auth/me", access);
    assertThat(me.status).isEqualTo(200);
    assertThat(me.json().path("id").asText()).isEqualTo(ownerId);
    assertThat(me.json().has("password_hash")).isFalse();
    assertThat(me.json().path("created_at").asText()).isNotBlank();

    String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
    Res org = owner.post("/api/v1/organizations", access,
        "{\"name\":\"Analytical Engines\",\"slug\":\"" + slug + "\"}");
    assertThat(org.status).isEqualTo(201);
    String orgId = org.json().path("id").asText();
    assertThat(org.json().path("owner_id").asText()).isEqualTo(ownerId);
    assertThat(owner.get("/api/v1/organizations/" + orgId, access).json().path("slug").asText())
        .isEqualTo(slug);

    // A colleague joins by invitation (there is no route adding a member by user id).
    Client colleague = new Client();
    String colleagueEmail = email("colleague");
    Res invited = owner.post("/api/v1/organizations/" + orgId + "/invitations", access,
        "{\"email\":\"" + colleagueEmail + "\",\"role\":\"member\"}");
    assertThat(invited.status).isEqualTo(201);
    String invitation = RecordingNotifier.token(nextInvitationTo(colleagueEmail).link());
    JsonNode colleagueSignup = colleague.signup(colleagueEmail, null).json();
    String colleagueId = colleagueSignup.path("user").path("id").asText();
    markEmailVerified(colleagueId, colleagueEmail);
    Res added = colleague.post("/api/v1/invitations/accept",
        colleagueSignup.path("access_token").asText(), "{\"token\":\"" + invitation + "\"}");
    assertThat(added.status).isEqualTo(200);
    assertThat(added.json().path("role").asText()).isEqualTo("member");
    Res changed = owner.send("PATCH", "/api/v1/organizations/" + orgId + "/members/" + colleagueId,
        access, "application/json", "{\"role\":\"admin\"}");
    assertThat(changed.status).isEqualTo(200);
    assertThat(changed.json().path("role").asText()).isEqualTo("admin");
    Res members = owner.get("/api/v1/organizations/" + orgId + "/members", access);
    assertThat(members.status).isEqualTo(200);
    List<String> roles = new ArrayList<>();
    members.json().path("data").forEach(m -> roles.add(m.path("user_id").asText() + "=" + m.path("role").asText()));
    assertThat(roles).containsExactlyInAnyOrder(ownerId + "=owner", colleagueId + "=admin");

    Res refreshed = owner.post("/api/v1/auth/refresh", null,
        "{\"refresh_token\":\"" + tokens.path("refresh_token").asText() + "\"}");
    assertThat(refreshed.status).isEqualTo(200);
    String newAccess = refreshed.json().path("access_token").asText();
    assertThat(refreshed.json().path("refresh_token").asText())
        .isNotEqualTo(tokens.path("refresh_token").asText());
    assertThat(refreshed.header("X-RateLimit-Limit")).isEqualTo("30");

    Res signout = owner.post("/api/v1/auth/signout", newAccess, null);
    assertThat(signout.status).isEqualTo(204);
    for (String t : List.of(access, newAccess)) {
      Res after = owner.get("/api/v1/auth/me", t);
      assertThat(after.status).isEqualTo(401);
      assertThat(after.errorCode()).isEqualTo("invalid_token");
      assertThat(after.json().path("error").path("details").path("reason").asText())
          .isEqualTo("session_revoked");
      assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", "
          + "error=\"invalid_token\", error_description=\"The token was refused: session_revoked\"");
    }
  }

  @Test
  void refresh_spentTokenAgainAfterGrace_401AndSessionRevoked() throws Exception {
    Client c = new Client();
    JsonNode first = c.signup(email("reuse"), null).json();
    String spent = first.path("refresh_token").asText();
    Res rotated = c.post("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + spent + "\"}");
    assertThat(rotated.status).isEqualTo(200);
    String successor = rotated.json().path("refresh_token").asText();
    String access = rotated.json().path("access_token").asText();

    clock.advance(Duration.ofSeconds(3)); // past REFRESH_TOKEN_REUSE_GRACE_SECONDS=2
    Res replay = c.post("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + spent + "\"}");
    assertThat(replay.status).isEqualTo(401);
    assertThat(replay.json().path("error").path("details").path("reason").asText())
        .isEqualTo("refresh_token_reused");

    Res successorUse = c.post("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + successor + "\"}");
    assertThat(successorUse.status).isEqualTo(401);
    assertThat(c.get("/api/v1/auth/me", access).status).isEqualTo(401);
    assertThat(c.get("/api/v1/auth/me", first.path("access_token").asText()).status).isEqualTo(401);
  }

  // ------------------------------------------------------------------ rate limits

  @Test
  void signin_overAuthenticationLimit_429WithRetryAfterAndHeaders() throws Exception {
    Client c = new Client();
    String email = email("limited");
    Res signup = c.signup(email, null);
    assertThat(signup.header("X-RateLimit-Limit")).isEqualTo("10");
    assertThat(signup.header("X-RateLimit-Remaining")).isEqualTo("9");
    long reset = Long.parseLong(signup.header("X-RateLimit-Reset"));
    assertThat(reset).isGreaterThan(clock.instant().getEpochSecond());
    assertThat(signup.header("Retry-After")).isNull();

    // Successful signins do not spend the budget (a NAT of honest users is not shut out)...
    for (int i = 0; i < 12; i++) {
      Res ok = c.post("/api/v1/auth/signin", null,
          "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
      assertThat(ok.status).isEqualTo(200);
      assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo("9");
    }
    // ... failed ones do, and their 401 carries the headers.
    for (int i = 0; i < 9; i++) {
      Res wrong = c.post("/api/v1/auth/signin", null,
          "{\"email\":\"" + email + "\",\"password\":\"not the password\"}");
      assertThat(wrong.status).isEqualTo(401);
      assertThat(wrong.header("X-RateLimit-Limit")).isEqualTo("10");
      assertThat(wrong.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(8 - i));
    }
    Res limited = c.post("/api/v1/auth/signin", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(limited.status).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("rate_limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("10");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.header("X-RateLimit-Reset")).isNotNull();
    assertThat(limited.json().path("error").path("details").path("retry_after").asLong()).isPositive();
    assertThat(limited.json().path("error").path("details").path("category").asText())
        .isEqualTo("authentication");

    // Another client address is not affected.
    Client other = new Client();
    assertThat(other.post("/api/v1/auth/signin", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").status).isEqualTo(200);
  }

  @Test
  void userOperations_carryUserOperationsRateLimitHeaders() throws Exception {
    Client c = new Client();
    String access = c.signup(email("ops"), null).json().path("access_token").asText();
    Res me = c.get("/api/v1/auth/me", access);
    assertThat(me.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(me.header("X-RateLimit-Remaining")).isEqualTo("59");
    Res sessions = c.get("/api/v1/sessions", access);
    assertThat(sessions.header("X-RateLimit-Remaining")).isEqualTo("58");
  }

  // ------------------------------------------------------------------ permissions

  @Test
  void organizationRoutes_nonMember_403() throws Exception {
    Client owner = new Client();
    String ownerAccess = owner.signup(email("orgowner"), null).json().path("access_token").asText();
    String orgId = owner.post("/api/v1/organizations", ownerAccess,
        "{\"name\":\"Private\",\"slug\":\"p-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
        .json().path("id").asText();
    Client stranger = new Client();
    JsonNode s = stranger.signup(email("stranger"), null).json();
    String access = s.path("access_token").asText();
    String strangerId = s.path("user").path("id").asText();

    List<Res> answers = List.of(
        stranger.get("/api/v1/organizations/" + orgId, access),
        stranger.get("/api/v1/organizations/" + orgId + "/members", access),
        stranger.post("/api/v1/organizations/" + orgId + "/invitations", access,
            "{\"email\":\"" + email("friend") + "\",\"role\":\"owner\"}"),
        stranger.send("PATCH", "/api/v1/organizations/" + orgId + "/members/" + strangerId, access,
            "application/json", "{\"role\":\"owner\"}"),
        stranger.get("/api/v1/organizations/" + UUID.randomUUID(), access));
    for (Res r : answers) {
      assertThat(r.status).isEqualTo(403);
      assertThat(r.errorCode()).isEqualTo("permission_denied");
    }
  }

  @Test
  void users_selfOrAdminOnly_othersLookAbsent() throws Exception {
    Client a = new Client();
    JsonNode ja = a.signup(email("usera"), null).json();
    Client b = new Client();
    JsonNode jb = b.signup(email("userb"), null).json();
    String aId = ja.path("user").path("id").asText();
    String bId = jb.path("user").path("id").asText();
    assertThat(a.get("/api/v1/users/" + aId, ja.path("access_token").asText()).status).isEqualTo(200);
    Res other = a.get("/api/v1/users/" + bId, ja.path("access_token").asText());
    assertThat(other.status).isEqualTo(404);
    assertThat(other.errorCode()).isEqualTo("not_found");
    assertThat(a.get("/api/v1/users/" + bId, null).status).isEqualTo(401);
  }

  @Test
  void sessions_listAndRevokeOther_revokedAccessTokenRejected() throws Exception {
    Client c = new Client();
    String email = email("sessions");
    JsonNode first = c.signup(email, null).json();
    JsonNode second = c.post("/api/v1/auth/signin", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").json();
    String access = second.path("access_token").asText();
    Res list = c.get("/api/v1/sessions", access);
    assertThat(list.status).isEqualTo(200);
    assertThat(list.json().path("data")).hasSize(2);
    String other = null;
    for (JsonNode s : list.json().path("data")) {
      if (!s.path("current").asBoolean()) {
        other = s.path("id").asText();
      }
    }
    assertThat(other).isNotNull();
    assertThat(c.send("DELETE", "/api/v1/sessions/" + other, access, null, null).status).isEqualTo(204);
    assertThat(c.get("/api/v1/sessions", access).json().path("data")).hasSize(1);
    assertThat(c.get("/api/v1/auth/me", first.path("access_token").asText()).status).isEqualTo(401);
    assertThat(c.send("DELETE", "/api/v1/sessions/" + other, access, null, null).status).isEqualTo(404);
  }

  // ------------------------------------------------------------------ error shapes

  @Test
  void badRequests_getTheErrorShapeNeverAStackTrace() throws Exception {
    Client c = new Client();
    Res malformed = c.post("/api/v1/auth/signup", null, "{\"email\": ");
    assertError(malformed, 400, "malformed_json");
    Res notObject = c.post("/api/v1/auth/signup", null, "[1,2]");
    assertError(notObject, 400, "malformed_json");
    Res wrongType = c.post("/api/v1/auth/signup", null, "{\"email\":{\"a\":1},\"password\":\"x\"}");
    assertError(wrongType, 400, "malformed_json");
    assertThat(wrongType.json().path("error").path("details").path("field").asText()).isEqualTo("email");
    Res missing = c.post("/api/v1/auth/signup", null, "{\"email\":\"x@example.com\"}");
    assertError(missing, 400, "validation_error");
    assertThat(missing.json().path("error").path("details").path("field").asText()).isEqualTo("password");
    Res missingRefresh = c.post("/api/v1/auth/refresh", null, "{}");
    assertError(missingRefresh, 400, "validation_error");
    Res badEmail = c.post("/api/v1/auth/signup", null,
        "{\"email\":\"not-an-email\",\"password\":\"" + PASSWORD + "\"}");
    assertError(badEmail, 400, "validation_error");
    Res wrongContentType = c.send("POST", "/api/v1/auth/signin", null, "text/plain", "{}");
    assertError(wrongContentType, 415, "unsupported_media_type");
    Res noContentType = c.send("POST", "/api/v1/auth/signin", null, null, "{}");
    assertError(noContentType, 415, "unsupported_media_type");
    String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
    assertError(c.post("/api/v1/auth/signin", null, big), 413, "payload_too_large");
    assertError(c.chunked("/api/v1/auth/signin", big), 413, "payload_too_large");
    Res unknown = c.get("/api/v1/nothing-here", null);
    assertError(unknown, 404, "not_found");
    Res noBearer = c.get("/api/v1/auth/me", null);
    assertError(noBearer, 401, "unauthorized");
    Res garbageBearer = c.get("/api/v1/auth/me", "not.a.jwt");
    assertError(garbageBearer, 401, "invalid_token");
    Res wrongPassword = c.post("/api/v1/auth/signin", null,
        "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD + "\"}");
    assertError(wrongPassword, 401, "invalid_credentials");
  }

  @Test
  void everyResponse_hasRequestIdAndResponseTime_incomingIdEchoed() throws Exception {
    Client c = new Client();
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/health"))
        .header("X-Request-ID", "trace-abc.123").GET().build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("X-Request-ID")).contains("trace-abc.123");
    assertThat(r.headers().firstValue("X-Response-Time").orElseThrow()).matches("\\d+\\.\\d{2}ms");
    for (Res res : List.of(c.get("/nope", null), c.get("/.well-known/jwks.json", null),
        c.post("/api/v1/auth/signin", null, "{"), c.get("/ready", null))) {
      assertThat(res.header("X-Request-ID")).isNotBlank();
      assertThat(res.header("X-Response-Time")).endsWith("ms");
    }
    Res err = c.get("/api/v1/auth/me", null);
    assertThat(err.json().path("error").path("request_id").asText()).isEqualTo(err.header("X-Request-ID"));
  }

  // ------------------------------------------------------------------ keys, health, metrics

  @Test
  void jwks_verifiesAnAccessTokenWithNimbus() throws Exception {
    Client c = new Client();
    JsonNode signup = c.signup(email("jwks"), null).json();
    String access = signup.path("access_token").asText();
    Res jwks = c.get("/.well-known/jwks.json", null);
    assertThat(jwks.status).isEqualTo(200);
    // JWT_KEY_PENDING_SECONDS (3600) - JWT_KEY_RELOAD_SECONDS (300).
    assertThat(jwks.header("Cache-Control")).isEqualTo("public, max-age=3300");

    JWKSet set = JWKSet.parse(jwks.body);
    SignedJWT jwt = SignedJWT.parse(access);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    JWK key = set.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).isInstanceOf(RSAKey.class);
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier((RSAKey) key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(signup.path("user").path("id").asText());
    assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isNotBlank();

    // A token whose payload was altered no longer verifies.
    String[] parts = access.split("\\.");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"someone-else\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(JWSObject.parse(forged).verify(new RSASSAVerifier((RSAKey) key))).isFalse();
    assertThat(c.get("/api/v1/auth/me", forged).status).isEqualTo(401);
  }

  @Test
  void healthAndReady_readyAnswers503WhileADependencyIsDown() throws Exception {
    Client c = new Client();
    Res health = c.get("/health", null);
    assertThat(health.status).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("healthy");
    Res ready = c.get("/ready", null);
    assertThat(ready.status).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    assertThat(ready.json().path("checks").path("probe").asText()).isEqualTo("ok");
    probeUp.set(false);
    try {
      Res down = c.get("/ready", null);
      assertThat(down.status).isEqualTo(503);
      assertThat(down.json().path("status").asText()).isEqualTo("not_ready");
      assertThat(down.json().path("checks").path("probe").asText()).isEqualTo("probe is down");
      assertThat(c.get("/health", null).status).isEqualTo(200);
    } finally {
      probeUp.set(true);
    }
    assertThat(c.get("/ready", null).status).isEqualTo(200);
  }

  @Test
  void metrics_needMetricsTokenOrAnAdminAccessToken() throws Exception {
    Client c = new Client();
    assertError(c.get("/metrics", null), 401, "unauthorized");
    assertError(c.get("/metrics", "wrong-token"), 401, "invalid_token");
    String userAccess = c.signup(email("plain"), null).json().path("access_token").asText();
    assertError(c.get("/metrics", userAccess), 403, "permission_denied");

    Res withToken = c.get("/metrics", METRICS_TOKEN);
    assertThat(withToken.status).isEqualTo(200);
    JsonNode snapshot = withToken.json();
    assertThat(snapshot.has("cache_stats")).isTrue();
    assertThat(snapshot.has("database")).isTrue();
    assertThat(snapshot.path("endpoint_performance").has("POST:/api/v1/auth/signup")).isTrue();
    assertThat(withToken.header("X-RateLimit-Limit")).isEqualTo("120");

    Client admin = new Client();
    Res adminSignup = admin.signup(ADMIN_EMAIL.replace("@", "+" + UUID.randomUUID().toString().substring(0, 6) + "@"), null);
    assertThat(adminSignup.status).isEqualTo(201);
    // Only the exact listed email is an administrator; sign up as it unless an earlier run did.
    Res exact = admin.signup(ADMIN_EMAIL, null);
    String adminAccess = exact.status == 201 ? exact.json().path("access_token").asText()
        : admin.post("/api/v1/auth/signin", null, "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\""
            + PASSWORD + "\"}").json().path("access_token").asText();
    // ADMIN_EMAILS counts only once the address is verified: signing up with it is not enough.
    if (!admin.get("/api/v1/auth/me", adminAccess).json().path("email_verified").asBoolean()) {
      assertError(admin.get("/metrics", adminAccess), 403, "permission_denied");
      if (exact.status != 201) {
        assertThat(admin.post("/api/v1/auth/email/resend", adminAccess, null).status).isEqualTo(202);
      }
      String token = mailedToken(ADMIN_EMAIL, "/verify-email");
      assertThat(admin.post("/api/v1/auth/email/verify", null, "{\"token\":\"" + token + "\"}")
          .status).isEqualTo(204);
    }
    assertThat(admin.get("/metrics", adminAccess).status).isEqualTo(200);
    assertThat(admin.get("/metrics", adminSignup.json().path("access_token").asText()).status)
        .isEqualTo(403);
    String adminId = admin.get("/api/v1/auth/me", adminAccess).json().path("id").asText();
    String plainId = c.get("/api/v1/auth/me", userAccess).json().path("id").asText();
    assertThat(admin.get("/api/v1/users/" + plainId, adminAccess).status).isEqualTo(200);
    assertThat(adminId).isNotEqualTo(plainId);

    assertError(c.get("/metrics/prometheus", null), 401, "unauthorized");
    Res scrape = c.get("/metrics/prometheus", METRICS_TOKEN);
    assertThat(scrape.status).isEqualTo(200);
    assertThat(scrape.header("Content-Type")).startsWith("text/plain");
    assertThat(scrape.body).contains("janua_http_requests_total").contains("janua_rate_limit_limit");
    assertThat(scrape.body).doesNotContain(ADMIN_EMAIL);

    // Response compression (the guide's API checklist): large answers are gzipped on request.
    HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/prometheus"))
        .header("Authorization", "Bearer " + METRICS_TOKEN).header("Accept-Encoding", "gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gz.statusCode()).isEqualTo(200);
    assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))
        .readAllBytes(), StandardCharsets.UTF_8)).contains("janua_http_requests_total");
  }

  // ------------------------------------------------------------------ helpers

  private static void assertError(Res r, int status, String code) throws Exception {
    assertThat(r.status).as(r.body).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode error = r.json().path("error");
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("details").isObject()).isTrue();
    assertThat(error.path("request_id").asText()).isEqualTo(r.header("X-Request-ID"));
    assertThat(r.body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
  }

  private static String email(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  /** An HTTP answer. */
  final class Res {
    final int status;
    final String body;
    private final HttpResponse<String> response;

    Res(HttpResponse<String> response) {
      this.response = response;
      this.status = response.statusCode();
      this.body = response.body();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return mapper.readTree(body);
    }

    String errorCode() throws Exception {
      return json().path("error").path("code").asText();
    }
  }

  /** A simulated client with its own address, sent through the trusted loopback proxy. */
  final class Client {
    final String ip;

    Client() {
      int n = CLIENTS.incrementAndGet();
      // 198.18.0.0/15 is reserved for benchmarks: never a real client. Random base per run.
      ip = "198.18." + ((n / 250) % 250) + "." + (1 + n % 250);
    }

    Res signup(String email, String name) throws Exception {
      String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\""
          + (name == null ? "" : ",\"name\":\"" + name + "\"") + "}";
      return post("/api/v1/auth/signup", null, body);
    }

    Res get(String path, String bearer) throws Exception {
      return send("GET", path, bearer, null, null);
    }

    Res post(String path, String bearer, String json) throws Exception {
      return send("POST", path, bearer, json == null ? null : "application/json", json);
    }

    Res send(String method, String path, String bearer, String contentType, String body)
        throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(30))
          .header("X-Forwarded-For", ip)
          .header("User-Agent", "janua-example-it");
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body));
      return new Res(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST whose body has no Content-Length: it is sent chunked. */
    Res chunked(String path, String json) throws Exception {
      Flow.Publisher<ByteBuffer> unsized = HttpRequest.BodyPublishers.ofString(json);
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(30))
          .header("X-Forwarded-For", ip)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.fromPublisher(unsized))
          .build();
      return new Res(http.send(req, HttpResponse.BodyHandlers.ofString()));
    }
  }
}
