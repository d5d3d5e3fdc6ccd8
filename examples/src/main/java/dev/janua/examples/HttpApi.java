package dev.janua.examples;

import dev.janua.AccessToken;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.AuthorizationServerMetadata;
import dev.janua.ClientInfo;
import dev.janua.JanuaException;
import dev.janua.Membership;
import dev.janua.MfaRequiredException;
import dev.janua.NotFoundException;
import dev.janua.PermissionDeniedException;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RoleName;
import dev.janua.Readiness;
import dev.janua.http.ApiError;
import dev.janua.http.BearerToken;
import dev.janua.http.ClientAddresses;
import dev.janua.http.DeviceTokens;
import dev.janua.http.ErrorMapper;
import dev.janua.http.JsonCodec;
import dev.janua.http.MethodNotAllowedException;
import dev.janua.http.RateLimitHeaders;
import dev.janua.http.Requests;
import dev.janua.http.Responses;
import dev.janua.http.TokenResponses;
import dev.janua.metrics.MetricsSnapshotJson;
import dev.janua.metrics.RequestTimer;
import dev.janua.metrics.TimedRequest;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP API on Javalin. Each route is one short handler over the engine and the adapter layer;
 * {@link #exchange} is the only Javalin-specific plumbing: request id and timing headers, error
 * mapping, rate-limit headers.
 */
final class HttpApi {
  private static final String HANDLED = "janua.handled";
  private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Wiring wiring;
  private final AuthEngine engine;
  private final JsonCodec json = new JsonCodec();
  private final RequestTimer timer;
  private final OAuthRoutes oauth;
  private final OrganizationAdminRoutes orgAdmin;
  private final ApiTokenRoutes apiTokens;
  private final BrowserSessions browser;
  /** Every route template and its methods, for 405 and {@code Allow}. */
  private final Map<String, Set<String>> routes = new LinkedHashMap<>();

  /** A handler that may throw; the exchange maps what it throws. */
  @FunctionalInterface
  interface Endpoint {
    void handle(Context ctx) throws Exception;
  }

  HttpApi(Wiring wiring) {
    this.wiring = wiring;
    this.engine = wiring.engine;
    this.timer = wiring.requestTimer;
    this.oauth = new OAuthRoutes(engine, json, this::client);
    this.orgAdmin = new OrganizationAdminRoutes(engine, json, this::client);
    this.apiTokens = new ApiTokenRoutes(engine, json, this::principal,
        ctx -> limit(ctx, RateLimitCategory.USER_OPERATIONS));
    this.browser = new BrowserSessions(engine.config());
  }

  void register(JavalinConfig config) {
    route(config, HandlerType.POST, "/api/v1/auth/signup", this::signup);
    route(config, HandlerType.POST, "/api/v1/auth/signin", this::signin);
    route(config, HandlerType.POST, "/api/v1/auth/refresh", this::refresh);
    route(config, HandlerType.POST, "/api/v1/auth/signout", this::signout);
    route(config, HandlerType.GET, "/api/v1/auth/me", this::me);
    route(config, HandlerType.GET, "/api/v1/users/{id}", this::user);
    route(config, HandlerType.GET, "/api/v1/sessions", this::sessions);
    route(config, HandlerType.DELETE, "/api/v1/sessions/{id}", this::revokeSession);
    route(config, HandlerType.POST, "/api/v1/organizations", this::createOrganization);
    route(config, HandlerType.GET, "/api/v1/organizations/{id}", this::organization);
    route(config, HandlerType.GET, "/api/v1/organizations/{id}/members", orgAdmin::members);
    route(config, HandlerType.PATCH, "/api/v1/organizations/{id}/members/{user_id}", this::changeRole);
    route(config, HandlerType.DELETE, "/api/v1/organizations/{id}/members/{user_id}", this::removeMember);
    route(config, HandlerType.POST, "/api/v1/organizations/{id}/token", this::organizationToken);
    orgAdmin.register((method, path, endpoint) -> route(config, method, path, endpoint));
    new AccountRoutes(this, engine).register(config);
    route(config, HandlerType.GET, AuthorizationServerMetadata.JWKS_PATH, this::jwks);
    route(config, HandlerType.GET, AuthorizationServerMetadata.OAUTH_PATH, oauth::metadata);
    route(config, HandlerType.GET, AuthorizationServerMetadata.OPENID_PATH, oauth::metadata);
    route(config, HandlerType.POST, AuthorizationServerMetadata.INTROSPECTION_PATH, oauth::introspect);
    route(config, HandlerType.POST, AuthorizationServerMetadata.REVOCATION_PATH, oauth::revoke);
    apiTokens.register((method, path, endpoint) -> route(config, method, path, endpoint));
    new InvitationRoutes(engine, json, this::clientIp).register((m, p, e) -> route(config, m, p, e));
    new MfaRoutes(this, engine).register((m, p, e) -> route(config, m, p, e));
    new PasskeyRoutes(this, engine).register((m, p, e) -> route(config, m, p, e));
    new WebPage().register((m, p, e) -> route(config, m, p, e));
    route(config, HandlerType.GET, "/health", this::health);
    route(config, HandlerType.GET, "/ready", this::ready);
    route(config, HandlerType.GET, "/metrics", this::metrics);
    route(config, HandlerType.GET, "/metrics/prometheus", this::prometheus);

    // Unknown routes and wrong methods: Javalin answers 404; give it the error shape and headers,
    // and make a wrong method on a known route 405 with Allow (RFC 9110 15.5.6).
    config.routes.error(404, ctx -> {
      if (ctx.attribute(HANDLED) == null) {
        exchange(ctx, "unmatched", c -> {
          Set<String> allowed = allowedMethods(c.path());
          if (!allowed.isEmpty()) {
            throw new MethodNotAllowedException(c.req().getMethod(), allowed);
          }
          throw new JanuaException("not_found", 404,
              "No route for " + c.req().getMethod() + " " + c.path());
        });
      }
    });
    // A safety net: nothing should get here, since every route goes through exchange().
    config.routes.exception(Exception.class, (e, ctx) -> {
      String requestId = ctx.res().getHeader(RequestTimer.REQUEST_ID_HEADER);
      writeError(ctx, ErrorMapper.map(e, requestId), requestId);
    });
  }

  void route(JavalinConfig config, HandlerType method, String path, Endpoint endpoint) {
    routes.computeIfAbsent(path, p -> new TreeSet<>()).add(method.name());
    config.routes.addHttpHandler(method, path, ctx -> exchange(ctx, path, endpoint));
  }

  /** The methods of the routes whose template matches {@code path}; empty for an unknown path. */
  Set<String> allowedMethods(String path) {
    String[] segments = path.split("/", -1);
    Set<String> out = new TreeSet<>();
    routes.forEach((template, methods) -> {
      if (matches(template.split("/", -1), segments)) {
        out.addAll(methods);
      }
    });
    return out;
  }

  /** A template segment {@code {name}} matches any non-empty segment, others themselves. */
  private static boolean matches(String[] template, String[] path) {
    if (template.length != path.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      boolean param = t.startsWith("{") && t.endsWith("}");
      if (param ? path[i].isEmpty() : !t.equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  /** Times the request, tags it with its id, runs the endpoint and maps its failure. */
  private void exchange(Context ctx, String template, Endpoint endpoint) {
    TimedRequest t = timer.start(ctx.req().getMethod(), template,
        ctx.header(RequestTimer.REQUEST_ID_HEADER));
    ctx.attribute(HANDLED, Boolean.TRUE);
    ctx.header(RequestTimer.REQUEST_ID_HEADER, t.requestId());
    try {
      endpoint.handle(ctx);
    } catch (Exception e) {
      writeError(ctx, ErrorMapper.map(e, t.requestId()), t.requestId());
    }
    ctx.header(RequestTimer.RESPONSE_TIME_HEADER, t.finish(ctx.statusCode()));
  }

  private void writeError(Context ctx, ApiError error, String requestId) {
    error.headers().forEach(ctx::header);
    ctx.status(error.status());
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(error.body(requestId)));
  }

  // ------------------------------------------------------------------ helpers

  void sendJson(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType(JsonCodec.JSON);
    ctx.result(json.write(body));
  }

  /**
   * A token pair: its rate-limit headers, no-store (RFC 6749 5.1), the body; for the web page
   * ({@link BrowserSessions#wantsCookies}) the tokens go into cookies and the body keeps the user
   * and the access token's lifetime only.
   */
  void sendTokens(Context ctx, int status, AuthResult r) {
    rateHeaders(ctx, r.rateLimit());
    TokenResponses.HEADERS.forEach(ctx::header);
    if (BrowserSessions.wantsCookies(ctx)) {
      browser.issue(ctx, r.tokens());
      sendJson(ctx, status, new CookieSessionBody(Responses.UserBody.of(r.user()),
          r.tokens().expiresIn()));
      return;
    }
    sendJson(ctx, status, Responses.AuthBody.of(r));
  }

  /** The body of a session whose tokens went into cookies: no token in it. */
  record CookieSessionBody(Responses.UserBody user, long expiresIn) {}

  <T> T body(Context ctx, Class<T> type) throws IOException {
    long length = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.req().getInputStream()) {
      return json.read(ctx.req().getContentType(), length, in, type);
    }
  }

  private String clientIp(Context ctx) {
    return ClientAddresses.resolve(engine, ctx.req().getRemoteAddr(),
        name -> java.util.Collections.list(ctx.req().getHeaders(name)));
  }

  ClientInfo client(Context ctx) {
    return new ClientInfo(clientIp(ctx), ctx.header("User-Agent"));
  }

  static void rateHeaders(Context ctx, RateLimitDecision decision) {
    RateLimitHeaders.of(decision).forEach(ctx::header);
  }

  /** Applies a rate-limit category to the client, with headers; throws when over. */
  void limit(Context ctx, RateLimitCategory category) {
    RateLimitDecision d = engine.rateLimiter().checkOrThrow(category, clientIp(ctx));
    rateHeaders(ctx, d);
  }

  /**
   * An access token or an API token ({@code jnu_...}): the same routes accept both. Without an
   * {@code Authorization} header, the web page's access cookie, with the CSRF check of {@link
   * BrowserSessions#requireCsrf} for a state change.
   */
  Principal principal(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      String cookie = browser.accessToken(ctx);
      if (cookie != null) {
        browser.requireCsrf(ctx);
        return engine.authenticate(cookie);
      }
    }
    return engine.authenticate(BearerToken.require(authorization));
  }

  /** An ADMIN_EMAILS address, and verified: signing up with one does not make an administrator. */
  private boolean isAdmin(Principal p) {
    if (wiring.settings.adminEmails().isEmpty()) {
      return false;
    }
    dev.janua.User me = engine.users().me(p);
    return me.emailVerified()
        && wiring.settings.adminEmails().contains(me.email().toLowerCase(Locale.ROOT));
  }

  private static boolean isMetricsToken(String presented, String expected) {
    return expected != null && presented != null && MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ auth

  private void signup(Context ctx) throws IOException {
    Requests.Signup in = body(ctx, Requests.Signup.class).requireFields();
    AuthResult r = engine.signup(in.email(), in.password(), client(ctx), in.name());
    sendTokens(ctx, 201, r);
  }

  /**
   * The device token of the per-account throttle travels in the HttpOnly cookie (browsers) or the
   * {@code X-Janua-Device} header (other clients); the response sets the cookie and also carries
   * {@code device_token} in the body.
   */
  private void signin(Context ctx) throws IOException {
    Requests.Signin in = body(ctx, Requests.Signin.class).requireFields();
    String device = DeviceTokens.presented(ctx.header(DeviceTokens.HEADER),
        ctx.cookie(DeviceTokens.COOKIE));
    AuthResult r;
    try {
      r = engine.signin(in.email(), in.password(), client(ctx), device);
    } catch (MfaRequiredException e) {
      sendMfaRequired(ctx, e);
      return;
    }
    sendSignin(ctx, r);
  }

  /**
   * The answer to a right password of an account with a second factor: 200 {@code mfa_required:
   * true}, the {@code challenge} (a secret: no-store), {@code methods}, {@code expires_at} and, when
   * a passkey can answer, {@code passkey_options} as the WebAuthn Level 3 JSON (camelCase, as is).
   */
  void sendMfaRequired(Context ctx, MfaRequiredException e) {
    e.rateLimit().ifPresent(d -> rateHeaders(ctx, d));
    TokenResponses.HEADERS.forEach(ctx::header);
    sendJson(ctx, 200, Responses.MfaRequiredBody.of(e));
  }

  /** A finished sign-in: the device cookie when a device token came with it, then the tokens. */
  void sendSignin(Context ctx, AuthResult r) {
    if (r.deviceToken() != null) {
      ctx.res().addHeader("Set-Cookie", DeviceTokens.setCookie(r.deviceToken(),
          engine.config().deviceTokenTtl(), ctx.req().isSecure()));
    }
    sendTokens(ctx, 200, r);
  }

  /** The web page refreshes with its cookie (and the CSRF header), no body; others as before. */
  private void refresh(Context ctx) throws IOException {
    String token;
    if (BrowserSessions.wantsCookies(ctx)) {
      token = browser.refreshToken(ctx);
      if (token == null) {
        throw new JanuaException(BearerToken.UNAUTHORIZED, 401,
            "No session cookie to refresh: sign in again");
      }
      browser.requireCsrf(ctx);
    } else {
      token = body(ctx, Requests.Refresh.class).requireFields().refreshToken();
    }
    AuthResult r = engine.refresh(token, client(ctx));
    sendTokens(ctx, 200, r);
  }

  /** The web page's signout also expires its cookies, whether the session was still live or not. */
  private void signout(Context ctx) {
    if (BrowserSessions.wantsCookies(ctx)) {
      if (ctx.header("Authorization") == null && browser.accessToken(ctx) != null) {
        browser.requireCsrf(ctx); // a refused signout keeps the cookies
      }
      browser.clear(ctx);
    }
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    engine.signout(principal(ctx));
    ctx.status(204);
  }

  private void me(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    sendJson(ctx, 200, Responses.UserBody.of(engine.users().me(principal(ctx))));
  }

  private void user(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = principal(ctx);
    String id = ctx.pathParam("id");
    // Yourself, or anyone for an administrator; others look absent, so ids cannot be probed.
    if (!id.equals(p.userId()) && !isAdmin(p)) {
      throw new NotFoundException("No such user");
    }
    sendJson(ctx, 200, Responses.UserBody.of(engine.users().get(id)));
  }

  // ------------------------------------------------------------------ sessions

  private void sessions(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = principal(ctx);
    List<Responses.SessionBody> out = engine.sessions().list(p).stream()
        .map(s -> Responses.SessionBody.of(s, p.sessionId())).toList();
    sendJson(ctx, 200, new Responses.ListBody<>(out));
  }

  private void revokeSession(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    engine.sessions().revoke(principal(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  // ------------------------------------------------------------------ organizations

  private void createOrganization(Context ctx) throws IOException {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = principal(ctx);
    Requests.CreateOrganization in = body(ctx, Requests.CreateOrganization.class).requireFields();
    sendJson(ctx, 201, Responses.OrganizationBody.of(
        engine.organizations().create(p, in.name(), in.slug())));
  }

  private void organization(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    sendJson(ctx, 200, Responses.OrganizationBody.of(
        engine.organizations().get(principal(ctx), ctx.pathParam("id"))));
  }

  // No route adds a member by user id: members invite by email (InvitationRoutes); adding by id
  // stays with trusted server code (engine.organizations().addMember).

  private void changeRole(Context ctx) throws IOException {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    Principal p = principal(ctx);
    Requests.ChangeRole in = body(ctx, Requests.ChangeRole.class).requireFields();
    Membership m = engine.organizations().changeRole(p, ctx.pathParam("id"), ctx.pathParam("user_id"), RoleName.of(in.role()));
    sendJson(ctx, 200, Responses.MemberBody.of(m));
  }

  /** An access token of the caller's session with this organization active (roles and scope). */
  private void organizationToken(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    AccessToken t = engine.organizations().accessToken(principal(ctx), ctx.pathParam("id"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", t.accessToken());
    body.put("token_type", t.tokenType());
    body.put("expires_in", t.expiresIn());
    body.put("scope", String.join(" ", t.scopes()));
    TokenResponses.HEADERS.forEach(ctx::header);
    sendJson(ctx, 200, body);
  }

  private void removeMember(Context ctx) {
    limit(ctx, RateLimitCategory.USER_OPERATIONS);
    engine.organizations().removeMember(principal(ctx), ctx.pathParam("id"), ctx.pathParam("user_id"));
    ctx.status(204);
  }

  // ------------------------------------------------------------------ keys, health, metrics

  private void jwks(Context ctx) {
    // max-age from the key pending period: a cached JWKS always has a new key before it signs.
    ctx.header("Cache-Control", engine.signingKeys().jwksCacheControl());
    ctx.contentType(JsonCodec.JSON);
    ctx.result(engine.jwks());
  }

  private void health(Context ctx) {
    sendJson(ctx, 200, Map.of("status", engine.health().status()));
  }

  private void ready(Context ctx) {
    Readiness r = engine.ready();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", r.status());
    body.put("checks", new java.util.TreeMap<>(r.checks()));
    ctx.header("Cache-Control", "no-store");
    sendJson(ctx, r.ready() ? 200 : 503, body);
  }

  /**
   * Metrics are for METRICS_TOKEN or an administrator's access token, whether METRICS_TOKEN is set
   * or not; only METRICS_PUBLIC=true opens them to anyone.
   */
  private void requireMetricsAccess(Context ctx) {
    if (wiring.settings.metricsPublic()) {
      return;
    }
    String token = BearerToken.require(ctx.header("Authorization"));
    if (!isMetricsToken(token, wiring.settings.metricsToken())) {
      Principal p = engine.validate(token);
      if (!isAdmin(p)) {
        throw new PermissionDeniedException("Metrics need METRICS_TOKEN or the access token of an"
            + " administrator (ADMIN_EMAILS), unless METRICS_PUBLIC=true");
      }
    }
  }

  private void metrics(Context ctx) {
    limit(ctx, RateLimitCategory.ADMIN_OPERATIONS);
    requireMetricsAccess(ctx);
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(JsonCodec.JSON);
    ctx.result(MetricsSnapshotJson.write(engine.metricsSnapshot()));
  }

  private void prometheus(Context ctx) {
    requireMetricsAccess(ctx);
    ctx.contentType(PROMETHEUS_CONTENT_TYPE);
    ctx.result(wiring.registry.scrape());
  }
}
