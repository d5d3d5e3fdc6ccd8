package dev.janua.servlet;

import static dev.janua.servlet.HttpCalls.errorCode;
import static dev.janua.servlet.HttpCalls.header;
import static dev.janua.servlet.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.testing.Fixtures;
import dev.janua.testing.JanuaTestEngine;
import dev.janua.testing.TotpCodes;
import dev.janua.Principal;
import dev.janua.TotpEnrollment;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The auth routes over HTTP on a real Jetty 12: behind the filter (as an application deploys
 * them), and on their own (the servlet then validates tokens and limits requests itself).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JanuaAuthServletTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String AUTH = "/api/v1/auth";

  private JanuaTestEngine janua;
  private JettyServer filtered;
  private JettyServer standalone;

  @BeforeAll
  void start() throws Exception {
    janua = JanuaTestEngine.builder()
        .config(c -> c.rateLimitEnabled(true).trustedProxies("127.0.0.1/32", "::1/128"))
        .build();
    JanuaFilterConfig config = JanuaFilterConfig.builder()
        .excludePaths(AUTH + "/signup", AUTH + "/signin", AUTH + "/mfa/complete", AUTH + "/refresh")
        .build();
    filtered = JettyServer.start(ctx -> {
      JettyServer.filter(ctx, new JanuaAuthenticationFilter(janua.engine(), config));
      JettyServer.servlet(ctx, new JanuaAuthServlet(janua.engine()), AUTH + "/*");
    });
    standalone = JettyServer.start(
        ctx -> JettyServer.servlet(ctx, new JanuaAuthServlet(janua.engine()), AUTH + "/*"));
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {filtered, standalone, janua}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void signupSigninMeRefreshSignout_behindTheFilter_sameApiAsTheExample() throws Exception {
    flow(new HttpCalls(filtered));
  }

  @Test
  void signupSigninMeRefreshSignout_withoutTheFilter_sameApiAsTheExample() throws Exception {
    HttpCalls c = new HttpCalls(standalone);
    flow(c);
    // Without the filter the servlet counts me and signout itself, and tags its own request id.
    String access = json(c.post(AUTH + "/signin", null, signin(c.ip + "@example.com")))
        .path("access_token").asText();
    HttpResponse<String> me = c.get(AUTH + "/me", access, "X-Request-ID", "standalone-1");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(header(me, "X-RateLimit-Limit")).isEqualTo("60");
    assertThat(header(me, "X-Request-ID")).isEqualTo("standalone-1");
  }

  @Test
  void signinWithASecondFactor_200MfaRequiredWithoutTokens_completeGivesTheTokenPair()
      throws Exception {
    HttpCalls c = new HttpCalls(filtered);
    String email = "mfa-" + c.ip + "@example.com";
    String access = json(c.post(AUTH + "/signup", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
        .path("access_token").asText();
    Principal p = janua.engine().validate(access);
    TotpEnrollment e = janua.engine().mfa().beginTotpEnrollment(p);
    java.time.Instant now = janua.clock().instant();
    janua.engine().mfa().confirmTotp(p, TotpCodes.at(e.secret(), now));

    HttpResponse<String> signin = c.post(AUTH + "/signin", null, signin(email));
    assertThat(signin.statusCode()).as(signin.body()).isEqualTo(200);
    assertThat(header(signin, "Cache-Control")).isEqualTo("no-store");
    JsonNode challenged = json(signin);
    assertThat(challenged.path("mfa_required").asBoolean()).isTrue();
    assertThat(challenged.path("challenge").asText()).startsWith("jmc_");
    assertThat(challenged.path("methods").toString()).contains("totp", "recovery_code");
    assertThat(challenged.has("access_token")).isFalse();
    assertThat(challenged.has("passkey_options")).isFalse();
    String challenge = challenged.path("challenge").asText();

    HttpResponse<String> wrong = c.post(AUTH + "/mfa/complete", null, "{\"challenge\":\""
        + challenge + "\",\"code\":\"" + TotpCodes.at(e.secret(), now) + "\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(errorCode(wrong)).isEqualTo("invalid_mfa_code"); // spent by the confirmation
    HttpResponse<String> none = c.post(AUTH + "/mfa/complete", null,
        "{\"code\":\"123456\"}");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(json(none).path("error").path("details").path("field").asText())
        .isEqualTo("challenge");
    HttpResponse<String> done = c.post(AUTH + "/mfa/complete", null, "{\"challenge\":\""
        + challenge + "\",\"code\":\"" + TotpCodes.at(e.secret(), now.plusSeconds(30))
        + "\"}");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(header(done, "Cache-Control")).isEqualTo("no-store");
    String mfaAccess = json(done).path("access_token").asText();
    assertThat(janua.engine().validate(mfaAccess).amr()).containsExactly("pwd", "otp", "mfa");
    assertThat(c.get(AUTH + "/me", mfaAccess).statusCode()).isEqualTo(200);
    assertThat(c.get(AUTH + "/mfa/complete", null).statusCode()).isEqualTo(405);
  }

  private void flow(HttpCalls c) throws Exception {
    String email = c.ip + "@example.com";
    HttpResponse<String> signup = c.post(AUTH + "/signup", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ada\"}");
    assertThat(signup.statusCode()).isEqualTo(201);
    assertThat(header(signup, "Content-Type")).startsWith("application/json");
    assertThat(header(signup, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(signup, "Pragma")).isEqualTo("no-cache");
    assertThat(header(signup, "X-RateLimit-Limit")).isEqualTo("10");
    JsonNode tokens = json(signup);
    assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.path("expires_in").asLong()).isEqualTo(900);
    assertThat(tokens.path("user").path("name").asText()).isEqualTo("Ada");
    assertThat(tokens.path("user").path("email").asText()).isEqualTo(email);
    assertThat(tokens.path("user").has("password_hash")).isFalse();
    String userId = tokens.path("user").path("id").asText();

    HttpResponse<String> signin = c.post(AUTH + "/signin", null, signin(email));
    assertThat(signin.statusCode()).isEqualTo(200);
    assertThat(header(signin, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(signin, "Pragma")).isEqualTo("no-cache");
    assertThat(json(signin).path("user").path("id").asText()).isEqualTo(userId);
    String access = json(signin).path("access_token").asText();
    // The device token of the per-account throttle: an HttpOnly cookie on the auth routes, and the
    // body field; sent back in the cookie or the header, it is answered with itself.
    String device = json(signin).path("device_token").asText();
    assertThat(device).startsWith("jdv_");
    assertThat(header(signin, "Set-Cookie")).isEqualTo("janua_device=" + device
        + "; Path=/api/v1/auth; Max-Age=7776000; HttpOnly; SameSite=Lax");
    assertThat(json(c.post(AUTH + "/signin", null, signin(email), "Cookie",
        "janua_device=" + device)).path("device_token").asText()).isEqualTo(device);
    assertThat(json(c.post(AUTH + "/signin", null, signin(email), "X-Janua-Device", device))
        .path("device_token").asText()).isEqualTo(device);
    assertThat(json(signup).has("device_token")).isFalse();

    HttpResponse<String> me = c.get(AUTH + "/me", access);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).path("id").asText()).isEqualTo(userId);
    assertThat(json(me).path("created_at").asText()).isNotBlank();
    assertThat(json(me).has("password_hash")).isFalse();

    HttpResponse<String> refreshed = c.post(AUTH + "/refresh", null,
        "{\"refresh_token\":\"" + tokens.path("refresh_token").asText() + "\"}");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(header(refreshed, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(refreshed, "Pragma")).isEqualTo("no-cache");
    assertThat(header(refreshed, "X-RateLimit-Limit")).isEqualTo("30");
    assertThat(json(refreshed).path("refresh_token").asText())
        .isNotEqualTo(tokens.path("refresh_token").asText());
    String newAccess = json(refreshed).path("access_token").asText();

    HttpResponse<String> signout = c.post(AUTH + "/signout", newAccess, null);
    assertThat(signout.statusCode()).isEqualTo(204);
    assertThat(signout.body()).isEmpty();
    HttpResponse<String> after = c.get(AUTH + "/me", newAccess);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(errorCode(after)).isEqualTo("invalid_token");
    assertThat(json(after).path("error").path("details").path("reason").asText())
        .isEqualTo("session_revoked");
    assertThat(header(after, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\", error=\"invalid_token\", error_description=\"The token was refused: session_revoked\"");
    // Signout ended the signup's session (refreshed above), not the signin's.
    assertThat(c.get(AUTH + "/me", tokens.path("access_token").asText()).statusCode())
        .isEqualTo(401);
    assertThat(c.get(AUTH + "/me", access).statusCode()).isEqualTo(200);
  }

  @Test
  void badInput_answeredInTheErrorShapeLikeTheExample() throws Exception {
    for (JettyServer server : List.of(filtered, standalone)) {
      HttpCalls c = new HttpCalls(server);
      HttpResponse<String> missing = c.post(AUTH + "/signup", null, "{\"email\":\"a@example.com\"}");
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(errorCode(missing)).isEqualTo("validation_error");
      assertThat(json(missing).path("error").path("details").path("field").asText())
          .isEqualTo("password");
      assertThat(json(missing).path("error").path("request_id").asText())
          .isEqualTo(header(missing, "X-Request-ID")).isNotBlank();

      HttpResponse<String> text = c.send("POST", AUTH + "/signin", null, null,
          "Content-Type", "text/plain");
      assertThat(text.statusCode()).isEqualTo(415);
      assertThat(errorCode(text)).isEqualTo("unsupported_media_type");

      HttpResponse<String> malformed = c.post(AUTH + "/refresh", null, "{\"refresh_token\":[1]}");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(errorCode(malformed)).isEqualTo("malformed_json");

      HttpResponse<String> wrong = c.post(AUTH + "/signin", null, signin(Fixtures.uniqueEmail()));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(errorCode(wrong)).isEqualTo("invalid_credentials");
      assertThat(header(wrong, "X-RateLimit-Limit")).isEqualTo("10");

      HttpResponse<String> spent = c.post(AUTH + "/refresh", null, "{\"refresh_token\":\"nope\"}");
      assertThat(spent.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void duplicateSignup_409Conflict() throws Exception {
    HttpCalls c = new HttpCalls(filtered);
    String body = "{\"email\":\"" + c.ip + "-dup@example.com\",\"password\":\"" + PASSWORD + "\"}";
    assertThat(c.post(AUTH + "/signup", null, body).statusCode()).isEqualTo(201);
    HttpResponse<String> again = c.post(AUTH + "/signup", null, body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).path("error").path("details").path("field").asText()).isEqualTo("email");
  }

  @Test
  void unknownRoute_404NotFound_wrongMethod_405WithAllow() throws Exception {
    HttpCalls c = new HttpCalls(standalone);
    HttpResponse<String> unknown = c.get(AUTH + "/nothing", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("not_found");
    assertThat(header(unknown, "Allow")).isNull();
    assertThat(header(unknown, "X-Request-ID")).isNotBlank();
    for (HttpResponse<String> r : List.of(c.get(AUTH + "/signup", null),
        c.send("DELETE", AUTH + "/refresh", null, null), c.post(AUTH + "/me", null, "{}"))) {
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(errorCode(r)).isEqualTo("method_not_allowed");
      assertThat(header(r, "X-Request-ID")).isNotBlank();
    }
    assertThat(header(c.get(AUTH + "/signin", null), "Allow")).isEqualTo("POST");
    assertThat(header(c.post(AUTH + "/me", null, "{}"), "Allow")).isEqualTo("GET");
  }

  @Test
  void signinFlood_429WithRetryAfterFromTheEngine() throws Exception {
    HttpCalls c = new HttpCalls(standalone);
    HttpResponse<String> last = null;
    for (int i = 0; i < 11; i++) {
      last = c.post(AUTH + "/signin", null, signin("flood-" + c.ip + "@example.com"));
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(errorCode(last)).isEqualTo("rate_limited");
    assertThat(Long.parseLong(header(last, "Retry-After"))).isPositive();
    assertThat(header(last, "X-RateLimit-Remaining")).isEqualTo("0");
  }

  private static String signin(String email) {
    return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
  }
}
