package dev.janua.servlet;

import static dev.janua.servlet.HttpCalls.errorCode;
import static dev.janua.servlet.HttpCalls.header;
import static dev.janua.servlet.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthResult;
import dev.janua.CreatedApiToken;
import dev.janua.Organization;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.metrics.MeterNames;
import dev.janua.metrics.MicrometerPlugin;
import dev.janua.testing.JanuaTestEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The filter on a real Jetty 12, in front of servlets standing for the host application. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JanuaAuthenticationFilterTest {
  private static final String RESPONSE_TIME = "\\d+\\.\\d{2}ms";

  private JanuaTestEngine janua;
  private JettyServer app;
  private final List<JettyServer> extra = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    janua = JanuaTestEngine.builder()
        .config(c -> c.rateLimitEnabled(true).trustedProxies("127.0.0.1/32", "::1/128")
            .rateLimit(RateLimitCategory.ADMIN_OPERATIONS, new RateLimitRule(2, 100)))
        .build();
    JanuaFilterConfig config = JanuaFilterConfig.builder()
        .excludePaths("/health", "/api/v1/auth/signup")
        .build();
    app = serve(config);
  }

  /** The host application: protected servlets, a failing one, a public one, the auth routes. */
  private JettyServer serve(JanuaFilterConfig config) throws Exception {
    return JettyServer.start(ctx -> {
      JettyServer.filter(ctx, new JanuaAuthenticationFilter(janua.engine(), config));
      routes(ctx);
    });
  }

  private void routes(ServletContextHandler ctx) {
    JettyServer.servlet(ctx, new TestServlets.WhoAmI(), "/api/things/*");
    JettyServer.servlet(ctx, new TestServlets.Failing(), "/api/fail/*");
    JettyServer.servlet(ctx, new TestServlets.Plain(), "/health/*");
    JettyServer.servlet(ctx, new TestServlets.Plain(), "/api/plain/*");
    JettyServer.servlet(ctx, new JanuaAuthServlet(janua.engine()), "/api/v1/auth/*");
  }

  @AfterEach
  void stopExtra() throws Exception {
    for (JettyServer s : extra) {
      s.close();
    }
    extra.clear();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (janua != null) {
      janua.close();
    }
  }

  private String accessToken() {
    return janua.signup().tokens().accessToken();
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void missingToken_401InTheErrorShapeWithWwwAuthenticate() throws Exception {
    HttpCalls c = new HttpCalls(app);
    HttpResponse<String> r = c.get("/api/things/1", null, "X-Request-ID", "trace-401");
    assertThat(r.statusCode()).isEqualTo(401);
    // RFC 6750 3.1: no credentials, so the realm alone and no error code.
    assertThat(header(r, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\"");
    assertThat(header(r, "Content-Type")).startsWith("application/json");
    assertThat(errorCode(r)).isEqualTo("unauthorized");
    assertThat(json(r).path("error").path("message").asText()).isNotBlank();
    assertThat(json(r).path("error").has("details")).isTrue();
    assertThat(json(r).path("error").path("request_id").asText()).isEqualTo("trace-401");
    assertThat(header(r, "X-Request-ID")).isEqualTo("trace-401");
    assertThat(header(r, "X-Response-Time")).matches(RESPONSE_TIME);
    // Counted before it was refused: guessing tokens is limited too.
    assertThat(header(r, "X-RateLimit-Limit")).isEqualTo("60");
  }

  @Test
  void apiToken_authenticatedLikeAnAccessToken_refusedOnceRevoked() throws Exception {
    // its own address: the class's other signups use up the shared one's authentication limit
    AuthResult owner = janua.engine().signup("api-" + UUID.randomUUID() + "@example.com",
        JanuaTestEngine.PASSWORD, new dev.janua.ClientInfo("198.51.100.77", "junit"));
    Principal session = janua.principal(owner);
    Organization org = janua.engine().organizations().create(session, "Acme",
        "acme-" + UUID.randomUUID().toString().substring(0, 8));
    CreatedApiToken created = janua.engine().apiTokens().create(session, org.id(), "ci",
        Set.of("org:read"), janua.now().plus(Duration.ofDays(1)));
    HttpCalls c = new HttpCalls(app);
    HttpResponse<String> ok = c.get("/api/things/1", created.token());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("name=" + owner.user().id()).contains("same=true");
    HttpResponse<String> me = c.get("/api/v1/auth/me", created.token());
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(json(me).path("id").asText()).isEqualTo(owner.user().id());

    janua.engine().apiTokens().revoke(session, created.apiToken().id());
    HttpResponse<String> revoked = c.get("/api/things/1", created.token());
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(header(revoked, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", error=\"invalid_token\", error_description=\"The token was refused: api_token_invalid\"");
    assertThat(json(revoked).path("error").path("details").path("reason").asText())
        .isEqualTo("api_token_invalid");
    HttpResponse<String> typo = c.get("/api/things/1", "jnu_" + "A".repeat(49));
    assertThat(json(typo).path("error").path("details").path("reason").asText())
        .isEqualTo("malformed");
  }

  @Test
  void invalidOrMalformedToken_401() throws Exception {
    HttpCalls c = new HttpCalls(app);
    HttpResponse<String> garbage = c.get("/api/things/1", "not-a-jwt");
    assertThat(garbage.statusCode()).isEqualTo(401);
    assertThat(errorCode(garbage)).isEqualTo("invalid_token");
    assertThat(json(garbage).path("error").path("details").path("reason").asText()).isNotBlank();
    assertThat(header(garbage, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", error=\"invalid_token\", error_description=\"The token was refused: malformed\"");

    HttpResponse<String> basic = c.get("/api/things/1", null, "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(errorCode(basic)).isEqualTo("unauthorized");
    assertThat(basic.body()).doesNotContain("dXNlcjpwYXNz");
    assertThat(header(basic, "WWW-Authenticate"))
        .startsWith("Bearer realm=\"janua\", error=\"invalid_token\", error_description=")
        .doesNotContain("dXNlcjpwYXNz");
  }

  @Test
  void signedOutToken_401SessionRevoked() throws Exception {
    AuthResult r = janua.signup();
    String access = r.tokens().accessToken();
    HttpCalls c = new HttpCalls(app);
    assertThat(c.get("/api/things/1", access).statusCode()).isEqualTo(200);
    janua.engine().signout(janua.principal(r));
    HttpResponse<String> after = c.get("/api/things/1", access);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(errorCode(after)).isEqualTo("invalid_token");
    assertThat(json(after).path("error").path("details").path("reason").asText())
        .isEqualTo("session_revoked");
    assertThat(header(after, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", error=\"invalid_token\", error_description=\"The token was refused: session_revoked\"");
  }

  // ------------------------------------------------------------------ the principal

  @Test
  void validToken_getUserPrincipalIsTheUserId() throws Exception {
    AuthResult r = janua.signup();
    String userId = r.user().id();
    HttpResponse<String> res = new HttpCalls(app).get("/api/things/1", r.tokens().accessToken());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("name=" + userId + ";type=JanuaUserPrincipal;remote="
        + userId + ";auth=Bearer;attr=" + userId + ";same=true");
    assertThat(header(res, "X-RateLimit-Limit")).isEqualTo("60");
    assertThat(header(res, "X-RateLimit-Remaining")).isEqualTo("59");
    assertThat(header(res, "X-Response-Time")).matches(RESPONSE_TIME);
  }

  // ------------------------------------------------------------------ rate limits

  @Test
  void overTheLimit_429WithRetryAfterBeforeAuthenticating() throws Exception {
    JettyServer admin = JettyServer.start(ctx -> {
      JettyServer.filter(ctx, new JanuaAuthenticationFilter(janua.engine(), JanuaFilterConfig
          .builder().includePaths("/api/things").rateLimitCategory(RateLimitCategory.ADMIN_OPERATIONS)
          .build()));
      routes(ctx);
    });
    extra.add(admin);
    HttpCalls c = new HttpCalls(admin);
    String access = accessToken();
    HttpResponse<String> first = c.get("/api/things/1", access);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(header(first, "X-RateLimit-Limit")).isEqualTo("2");
    assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(Long.parseLong(header(first, "X-RateLimit-Reset"))).isPositive();
    assertThat(header(first, "Retry-After")).isNull();
    HttpResponse<String> second = c.get("/api/things/1", null);
    assertThat(second.statusCode()).isEqualTo(401);
    assertThat(header(second, "X-RateLimit-Remaining")).isEqualTo("0");

    HttpResponse<String> third = c.get("/api/things/1", access);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(errorCode(third)).isEqualTo("rate_limited");
    assertThat(json(third).path("error").path("details").path("category").asText())
        .isEqualTo("admin_operations");
    assertThat(Long.parseLong(header(third, "Retry-After"))).isPositive();
    assertThat(header(third, "X-RateLimit-Limit")).isEqualTo("2");
    assertThat(header(third, "X-RateLimit-Remaining")).isEqualTo("0");

    // Another client is not affected; an uncovered path is not limited.
    assertThat(new HttpCalls(admin).get("/api/things/1", access).statusCode()).isEqualTo(200);
    HttpResponse<String> plain = c.get("/api/plain/x", null);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(header(plain, "X-RateLimit-Limit")).isNull();
  }

  @Test
  void forwardedFor_fromTheTrustedProxy_separatesClients() throws Exception {
    // The peer (127.0.0.1) is a trusted proxy here, so two forwarded addresses are two clients:
    // each starts with a full window.
    HttpCalls a = new HttpCalls(app);
    HttpCalls b = new HttpCalls(app);
    a.get("/api/things/1", null);
    assertThat(header(a.get("/api/things/1", null), "X-RateLimit-Remaining")).isEqualTo("58");
    assertThat(header(b.get("/api/things/1", null), "X-RateLimit-Remaining")).isEqualTo("59");
  }

  @Test
  void forwardedFor_fromAnUntrustedPeer_isIgnored() throws Exception {
    try (JanuaTestEngine direct = JanuaTestEngine.builder().config(c -> c.rateLimitEnabled(true))
        .build()) {
      JettyServer server = JettyServer.start(ctx -> JettyServer.filter(ctx,
          new JanuaAuthenticationFilter(direct.engine(), JanuaFilterConfig.defaults())));
      extra.add(server);
      // Both "clients" are the loopback peer: a forged X-Forwarded-For buys no fresh window.
      assertThat(header(new HttpCalls(server).get("/x", null), "X-RateLimit-Remaining"))
          .isEqualTo("59");
      assertThat(header(new HttpCalls(server).get("/x", null), "X-RateLimit-Remaining"))
          .isEqualTo("58");
    }
  }

  // ------------------------------------------------------------------ paths

  @Test
  void excludedPath_passesWithoutTokenOrLimitButWithRequestId() throws Exception {
    HttpResponse<String> r = new HttpCalls(app).get("/health", null, "X-Request-ID", "probe-7");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(header(r, "X-Request-ID")).isEqualTo("probe-7");
    assertThat(header(r, "X-Response-Time")).matches(RESPONSE_TIME);
    assertThat(header(r, "X-RateLimit-Limit")).isNull();
    assertThat(new HttpCalls(app).get("/health/live", null).statusCode()).isEqualTo(200);
    // Whole segments only: /healthz is not under /health, so it is covered.
    assertThat(new HttpCalls(app).get("/healthz", null).statusCode()).isEqualTo(401);
  }

  @Test
  void excludedSignup_thenProtectedMe_throughTheAuthServlet() throws Exception {
    HttpCalls c = new HttpCalls(app);
    HttpResponse<String> signup = c.post("/api/v1/auth/signup", null,
        "{\"email\":\"" + c.ip + "@example.com\",\"password\":\"correct horse battery\"}");
    assertThat(signup.statusCode()).isEqualTo(201);
    String access = json(signup).path("access_token").asText();
    HttpResponse<String> me = c.get("/api/v1/auth/me", access);
    assertThat(me.statusCode()).isEqualTo(200);
    // Limited once, by the filter: the servlet did not count the request again.
    assertThat(header(me, "X-RateLimit-Remaining")).isEqualTo("59");
    assertThat(c.get("/api/v1/auth/me", null).statusCode()).isEqualTo(401);
  }

  // ------------------------------------------------------------------ request ids and timing

  @Test
  void requestId_wellFormedEchoed_otherwiseReplaced() throws Exception {
    String access = accessToken();
    HttpCalls c = new HttpCalls(app);
    HttpResponse<String> echoed = c.get("/api/things/1", access, "X-Request-ID", "abc-123_x.y");
    assertThat(header(echoed, "X-Request-ID")).isEqualTo("abc-123_x.y");
    HttpResponse<String> replaced = c.get("/api/things/1", access, "X-Request-ID", "bad id <x>");
    String id = header(replaced, "X-Request-ID");
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    HttpResponse<String> fresh = c.get("/api/things/1", access);
    assertThat(header(fresh, "X-Request-ID")).isNotBlank().isNotEqualTo(id);
  }

  @Test
  void responseTime_onEmptyBodiedResponses() throws Exception {
    HttpResponse<String> r = new HttpCalls(app).get("/api/plain/empty", accessToken());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(header(r, "X-Response-Time")).matches(RESPONSE_TIME);
    assertThat(header(r, "X-Request-ID")).isNotBlank();
  }

  @Test
  void requestTimer_recordsTheRequestUnderItsMappingPattern() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // The filter records a request after its response may have reached the client: the slow
    // request log (every request is "slow" at threshold zero) says when the recording is done.
    CountDownLatch recorded = new CountDownLatch(2);
    AtomicLong nanos = new AtomicLong();
    MicrometerPlugin metrics = MicrometerPlugin.builder().registry(registry)
        .ticker(() -> nanos.addAndGet(1_000_000)).slowRequestThreshold(Duration.ZERO)
        .slowRequestLog((method, path, millis, status) -> recorded.countDown()).build();
    JettyServer timed = serve(JanuaFilterConfig.builder()
        .timing(FilterTiming.of(metrics.requestTimer())).build());
    extra.add(timed);
    HttpResponse<String> r = new HttpCalls(timed).get("/api/things/42", accessToken(),
        "X-Request-ID", "timed-1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "X-Request-ID")).isEqualTo("timed-1");
    assertThat(header(r, "X-Response-Time")).matches(RESPONSE_TIME);
    assertThat(new HttpCalls(timed).get("/api/things/43", null).statusCode()).isEqualTo(401);
    assertThat(recorded.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(count(registry, "method", "GET", "path", "/api/things/*", "status", "200"))
        .isEqualTo(1.0);
    assertThat(count(registry, "path", "/api/things/*", "status", "401")).isEqualTo(1.0);
    assertThat(registry.find(MeterNames.HTTP_REQUESTS).tag("path", "/api/things/42").counter())
        .isNull();
  }

  private static double count(SimpleMeterRegistry registry, String... tags) {
    Counter c = registry.find(MeterNames.HTTP_REQUESTS).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  // ------------------------------------------------------------------ anonymous mode

  @Test
  void allowAnonymous_noTokenPasses_invalidTokenStillRefused() throws Exception {
    JettyServer open = serve(JanuaFilterConfig.builder().allowAnonymous(true).build());
    extra.add(open);
    HttpCalls c = new HttpCalls(open);
    HttpResponse<String> anonymous = c.get("/api/things/1", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("anonymous");
    assertThat(header(anonymous, "X-RateLimit-Limit")).isEqualTo("60");
    assertThat(c.get("/api/things/1", "forged.token.value").statusCode()).isEqualTo(401);
    assertThat(c.get("/api/things/1", accessToken()).body()).startsWith("name=");
  }

  // ------------------------------------------------------------------ application errors

  @Test
  void applicationExceptions_answeredInTheErrorShape() throws Exception {
    HttpCalls c = new HttpCalls(app);
    String access = accessToken();
    HttpResponse<String> denied = c.get("/api/fail/denied", access);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(errorCode(denied)).isEqualTo("permission_denied");
    assertThat(json(denied).path("error").path("request_id").asText())
        .isEqualTo(header(denied, "X-Request-ID"));
    assertThat(header(denied, "X-Response-Time")).matches(RESPONSE_TIME);

    HttpResponse<String> wrapped = c.get("/api/fail/wrapped", access);
    assertThat(wrapped.statusCode()).isEqualTo(403);
    assertThat(errorCode(wrapped)).isEqualTo("permission_denied");

    HttpResponse<String> bug = c.get("/api/fail/bug", access);
    assertThat(bug.statusCode()).isEqualTo(500);
    assertThat(errorCode(bug)).isEqualTo("internal_error");
    assertThat(bug.body()).doesNotContain("hunter2");
  }

  @Test
  void mapExceptionsOff_theContainerAnswers() throws Exception {
    JettyServer raw = serve(JanuaFilterConfig.builder().mapExceptions(false).build());
    extra.add(raw);
    HttpResponse<String> denied = new HttpCalls(raw).get("/api/fail/denied", accessToken());
    assertThat(denied.statusCode()).isEqualTo(500);
    assertThat(denied.body()).doesNotContain("\"permission_denied\"");
  }

  // ------------------------------------------------------------------ container-created

  @Test
  void containerCreated_engineFromContextAttribute_settingsFromInitParameters() throws Exception {
    JettyServer web = JettyServer.start(ctx -> {
      ctx.setAttribute(JanuaAttributes.ENGINE, janua.engine());
      FilterHolder holder = new FilterHolder(JanuaAuthenticationFilter.class);
      holder.setInitParameter("exclude-paths", "/health, /api/plain");
      holder.setInitParameter("rate-limit-category", "none");
      ctx.addFilter(holder, "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
      routes(ctx);
    });
    extra.add(web);
    HttpCalls c = new HttpCalls(web);
    assertThat(c.get("/api/plain/x", null).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = c.get("/api/things/1", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(header(refused, "X-RateLimit-Limit")).isNull();
    assertThat(c.get("/api/things/1", accessToken()).body()).startsWith("name=");
  }
}
