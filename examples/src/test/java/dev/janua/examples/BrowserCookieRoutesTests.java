package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janua.examples.WebCalls.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web page's session over real HTTP: with {@code X-Janua-Client: browser} the tokens go into
 * HttpOnly, SameSite=Lax cookies ({@code Secure} when a trusted proxy says the client used TLS),
 * cookie-authenticated state changes need the {@code janua_csrf} cookie echoed in {@code
 * X-CSRF-Token}, refresh and signout work on the cookies; API clients get JSON tokens as before
 * and bearer calls need no CSRF header. Mixed into {@link ExampleServerSuite}.
 */
interface BrowserCookieRoutesTests {
  String BROWSER = "X-Janua-Client";

  /** The service's base URL. */
  String baseUrl();

  /** The engine's clock. */
  dev.janua.testing.MutableClock clock();

  /** A browser signup: the answer, and the cookies it set by name. */
  private Reply browserSignup(WebCalls c, String email, String... headers) throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = BROWSER;
    all[1] = "browser";
    System.arraycopy(headers, 0, all, 2, headers.length);
    Reply r = c.send("POST", "/api/v1/auth/signup", "{\"email\":\"" + email
        + "\",\"password\":\"" + WebCalls.PASSWORD + "\",\"name\":\"Grace\"}", all);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r;
  }

  private static Map<String, String> jar(Reply r) {
    Map<String, String> jar = new LinkedHashMap<>();
    for (String name : new String[] {"janua_access", "janua_refresh", "janua_csrf"}) {
      jar.put(name, r.cookie(name));
    }
    return jar;
  }

  /** The cookies a browser sends to {@code path}: the refresh cookie only to its own path. */
  private static String cookiesFor(Map<String, String> jar, String path) {
    Map<String, String> sent = new LinkedHashMap<>(jar);
    if (!path.equals(BrowserSessions.REFRESH_PATH)) {
      sent.remove("janua_refresh");
    }
    return WebCalls.cookieHeader(sent);
  }

  private static void assertError(Reply r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    assertThat(r.json().path("error").path("request_id").asText())
        .isEqualTo(r.header("X-Request-ID"));
  }

  @Test
  default void browserSignup_httpOnlyLaxCookies_bodyWithoutTokens() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    Reply r = browserSignup(c, WebCalls.email("web"));
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = r.json();
    assertThat(body.path("user").path("name").asText()).isEqualTo("Grace");
    assertThat(body.path("expires_in").asLong()).isEqualTo(900);
    assertThat(body.has("access_token")).isFalse();
    assertThat(body.has("refresh_token")).isFalse();

    Map<String, String> access = r.cookieAttributes("janua_access");
    assertThat(access).containsEntry("path", "/").containsEntry("max-age", "900")
        .containsEntry("samesite", "Lax").containsKey("httponly").doesNotContainKey("secure");
    assertThat(r.cookie("janua_access")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

    Map<String, String> refresh = r.cookieAttributes("janua_refresh");
    assertThat(refresh).containsEntry("path", "/api/v1/auth/refresh")
        .containsEntry("samesite", "Lax").containsKey("httponly").doesNotContainKey("secure");
    assertThat(Long.parseLong(refresh.get("max-age"))).isGreaterThan(900);

    Map<String, String> csrf = r.cookieAttributes("janua_csrf");
    assertThat(csrf).containsEntry("path", "/").containsEntry("samesite", "Lax")
        .doesNotContainKey("httponly").doesNotContainKey("secure");
    assertThat(r.cookie("janua_csrf")).matches("[\\w-]{43}");
  }

  @Test
  default void browserSignin_throughTrustedProxyOverTls_secureCookies() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    String email = WebCalls.email("web-tls");
    browserSignup(c, email);
    Reply tls = c.send("POST", "/api/v1/auth/signin", "{\"email\":\"" + email
        + "\",\"password\":\"" + WebCalls.PASSWORD + "\"}", BROWSER, "browser",
        "X-Forwarded-Proto", "https");
    assertThat(tls.status()).as(tls.body()).isEqualTo(200);
    for (String name : new String[] {"janua_access", "janua_refresh", "janua_csrf"}) {
      assertThat(tls.cookieAttributes(name)).as(name).containsKey("secure");
    }
    // FORWARDED_HEADER is x-forwarded-for here: a Forwarded header is not believed.
    Reply other = c.send("POST", "/api/v1/auth/signin", "{\"email\":\"" + email
        + "\",\"password\":\"" + WebCalls.PASSWORD + "\"}", BROWSER, "browser",
        "Forwarded", "for=192.0.2.1;proto=https", "X-Forwarded-Proto", "http");
    assertThat(other.cookieAttributes("janua_access")).doesNotContainKey("secure");
  }

  @Test
  default void apiClient_withoutBrowserHeader_tokensInBody_noSessionCookies() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    String email = WebCalls.email("web-api");
    JsonNode signup = c.signup(email);
    assertThat(signup.path("access_token").asText()).isNotBlank();
    Reply signin = c.send("POST", "/api/v1/auth/signin", "{\"email\":\"" + email
        + "\",\"password\":\"" + WebCalls.PASSWORD + "\"}");
    assertThat(signin.status()).isEqualTo(200);
    assertThat(signin.json().path("access_token").asText()).isNotBlank();
    assertThat(signin.json().path("refresh_token").asText()).isNotBlank();
    assertThat(signin.setCookies()).doesNotContainKeys("janua_access", "janua_refresh",
        "janua_csrf");
    Reply refreshed = c.send("POST", "/api/v1/auth/refresh", "{\"refresh_token\":\""
        + signin.json().path("refresh_token").asText() + "\"}");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().path("access_token").asText()).isNotBlank();
    assertThat(refreshed.setCookies()).isEmpty();
  }

  @Test
  default void cookieSession_readsWithoutCsrf_changesRefusedWithoutOrWithWrongCsrf()
      throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    Map<String, String> jar = jar(browserSignup(c, WebCalls.email("web-csrf")));
    String cookies = cookiesFor(jar, "/api/v1/users/me");

    Reply me = c.send("GET", "/api/v1/auth/me", null, "Cookie", cookies);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().path("name").asText()).isEqualTo("Grace");

    Reply without = c.send("PATCH", "/api/v1/users/me", "{\"name\":\"Mallory\"}", "Cookie", cookies);
    assertError(without, 403, "invalid_csrf_token");
    Reply wrong = c.send("PATCH", "/api/v1/users/me", "{\"name\":\"Mallory\"}", "Cookie", cookies,
        "X-CSRF-Token", jar.get("janua_csrf").substring(1) + "A");
    assertError(wrong, 403, "invalid_csrf_token");
    Reply empty = c.send("PATCH", "/api/v1/users/me", "{\"name\":\"Mallory\"}", "Cookie",
        WebCalls.cookieHeader(Map.of("janua_access", jar.get("janua_access"), "janua_csrf", "")),
        "X-CSRF-Token", "");
    assertError(empty, 403, "invalid_csrf_token");
    assertThat(c.send("GET", "/api/v1/auth/me", null, "Cookie", cookies).json().path("name")
        .asText()).as("nothing changed").isEqualTo("Grace");

    Reply right = c.send("PATCH", "/api/v1/users/me", "{\"name\":\"Ada\"}", "Cookie", cookies,
        "X-CSRF-Token", jar.get("janua_csrf"));
    assertThat(right.status()).as(right.body()).isEqualTo(200);
    assertThat(right.json().path("name").asText()).isEqualTo("Ada");
    // The MFA routes take the same cookie and the same check.
    MfaRoutesTests.freshMfaBudget(clock());
    assertError(c.send("POST", "/api/v1/auth/mfa/totp/enroll", null, "Cookie", cookies), 403,
        "invalid_csrf_token");
    Reply enroll = c.send("POST", "/api/v1/auth/mfa/totp/enroll", null, "Cookie", cookies,
        "X-CSRF-Token", jar.get("janua_csrf"));
    assertThat(enroll.status()).as(enroll.body()).isEqualTo(200);
  }

  @Test
  default void bearerCall_needsNoCsrf_andWinsOverCookies() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    JsonNode api = c.signup(WebCalls.email("web-bearer"));
    String access = api.path("access_token").asText();
    Map<String, String> jar = jar(browserSignup(c, WebCalls.email("web-other")));
    Reply patched = c.send("PATCH", "/api/v1/users/me", "{\"name\":\"Bearer\"}",
        "Authorization", "Bearer " + access, "Cookie", cookiesFor(jar, "/api/v1/users/me"));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("id").asText())
        .isEqualTo(api.path("user").path("id").asText());
    assertThat(c.send("GET", "/api/v1/auth/me", null, "Cookie", cookiesFor(jar, "/"))
        .json().path("name").asText()).as("the cookie's user untouched").isEqualTo("Grace");
  }

  @Test
  default void browserRefresh_cookieAndCsrf_newCookies_oldRefreshSpent() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    Map<String, String> jar = jar(browserSignup(c, WebCalls.email("web-refresh")));
    String cookies = cookiesFor(jar, BrowserSessions.REFRESH_PATH);

    assertError(c.send("POST", "/api/v1/auth/refresh", null, BROWSER, "browser", "Cookie", cookies),
        403, "invalid_csrf_token");
    assertError(c.send("POST", "/api/v1/auth/refresh", null, BROWSER, "browser",
        "X-CSRF-Token", jar.get("janua_csrf")), 401, "unauthorized");

    Reply r = c.send("POST", "/api/v1/auth/refresh", null, BROWSER, "browser", "Cookie", cookies,
        "X-CSRF-Token", jar.get("janua_csrf"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().has("refresh_token")).isFalse();
    assertThat(r.json().path("user").path("name").asText()).isEqualTo("Grace");
    Map<String, String> next = jar(r);
    assertThat(next.get("janua_access")).isNotBlank().isNotEqualTo(jar.get("janua_access"));
    assertThat(next.get("janua_refresh")).isNotBlank().isNotEqualTo(jar.get("janua_refresh"));
    assertThat(next.get("janua_csrf")).isNotBlank().isNotEqualTo(jar.get("janua_csrf"));
    assertThat(r.cookieAttributes("janua_refresh")).containsKey("httponly");
    Reply me = c.send("GET", "/api/v1/auth/me", null, "Cookie", cookiesFor(next, "/"));
    assertThat(me.status()).isEqualTo(200);
  }

  @Test
  default void browserSignout_expiresCookies_sessionEnds() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    Map<String, String> jar = jar(browserSignup(c, WebCalls.email("web-out")));
    String cookies = cookiesFor(jar, "/api/v1/auth/signout");
    Reply refused = c.send("POST", "/api/v1/auth/signout", null, BROWSER, "browser", "Cookie",
        cookies);
    assertError(refused, 403, "invalid_csrf_token");
    assertThat(refused.setCookies()).as("a refused signout keeps the cookies").isEmpty();
    assertThat(c.send("GET", "/api/v1/auth/me", null, "Cookie", cookies).status())
        .as("a refused signout ends nothing").isEqualTo(200);

    Reply out = c.send("POST", "/api/v1/auth/signout", null, BROWSER, "browser", "Cookie",
        cookies, "X-CSRF-Token", jar.get("janua_csrf"));
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    for (String name : new String[] {"janua_access", "janua_refresh", "janua_csrf"}) {
      assertThat(out.cookie(name)).as(name).isEmpty();
      assertThat(out.cookieAttributes(name)).as(name).containsEntry("max-age", "0");
    }
    assertThat(out.cookieAttributes("janua_refresh")).containsEntry("path",
        BrowserSessions.REFRESH_PATH);
    Reply after = c.send("GET", "/api/v1/auth/me", null, "Cookie", cookies);
    assertError(after, 401, "invalid_token");
    Reply refresh = c.send("POST", "/api/v1/auth/refresh", null, BROWSER, "browser", "Cookie",
        cookiesFor(jar, BrowserSessions.REFRESH_PATH), "X-CSRF-Token", jar.get("janua_csrf"));
    assertThat(refresh.status()).isEqualTo(401);
  }

  @Test
  default void webPage_servedAtRoot_withItsScriptAndStrictHeaders() throws Exception {
    WebCalls c = new WebCalls(baseUrl());
    Reply page = c.send("GET", "/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.body()).contains("<script src=\"/app.js\"").contains("id=\"signin-form\"")
        .doesNotContain("https://").doesNotContain("http://");
    Reply script = c.send("GET", "/app.js", null);
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.body()).contains("X-CSRF-Token").contains("parseCreationOptionsFromJSON")
        .contains("parseRequestOptionsFromJSON").doesNotContain("localStorage");
    assertThat(c.send("GET", "/app.css", null).header("Content-Type")).startsWith("text/css");
  }
}
