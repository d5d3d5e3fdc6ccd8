package dev.janua.servlet;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaException;
import dev.janua.MfaRequiredException;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.http.BearerToken;
import dev.janua.http.ClientAddresses;
import dev.janua.http.DeviceTokens;
import dev.janua.http.ErrorMapper;
import dev.janua.http.JsonCodec;
import dev.janua.http.MethodNotAllowedException;
import dev.janua.http.RateLimitHeaders;
import dev.janua.http.RequestIds;
import dev.janua.http.Requests;
import dev.janua.http.Responses;
import dev.janua.http.TokenResponses;
import dev.janua.servlet.internal.JsonResponses;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The auth routes of the example service for a servlet application, with the same paths (when
 * mapped at {@code /api/v1/auth/*}), JSON bodies and status codes:
 *
 * <table>
 *   <caption>Routes, relative to the servlet's mapping</caption>
 *   <tr><th>route</th><th>body</th><th>answer</th></tr>
 *   <tr><td>{@code POST /signup}</td><td>{@code {email, password, name?}}</td>
 *       <td>201 {@code {user, access_token, refresh_token, token_type, expires_in}}</td></tr>
 *   <tr><td>{@code POST /signin}</td><td>{@code {email, password}}</td><td>200, the same; for a
 *       user with a second factor 200 {@code {mfa_required: true, challenge, methods, expires_at,
 *       passkey_options?}} and no token</td></tr>
 *   <tr><td>{@code POST /mfa/complete}</td><td>{@code {challenge, code | recovery_code |
 *       credential, remember_device?}}</td><td>200, a token pair like signin</td></tr>
 *   <tr><td>{@code POST /refresh}</td><td>{@code {refresh_token}}</td><td>200, the same</td></tr>
 *   <tr><td>{@code POST /signout}</td><td>bearer token</td><td>204</td></tr>
 *   <tr><td>{@code GET /me}</td><td>bearer token</td><td>200 the user</td></tr>
 * </table>
 *
 * <p>Signup and signin are rate-limited inside the engine ({@code AUTHENTICATION}), refresh too
 * ({@code TOKEN_REFRESH}); signout and me count as {@code USER_OPERATIONS} unless the {@link
 * JanuaAuthenticationFilter} already limited the request. Signout and me use the principal the
 * filter authenticated, or validate the bearer token themselves when no filter covers them.
 * Every failure is answered in the error shape; a wrong method on one of these routes is {@code
 * 405 method_not_allowed} with {@code Allow}, any other route {@code 404 not_found}. Token
 * responses carry {@code Cache-Control: no-store} and {@code Pragma: no-cache}.
 *
 * <p>Register it with an engine ({@code new JanuaAuthServlet(engine)}), or let the container
 * create it and put the engine in the servlet-context attribute {@link JanuaAttributes#ENGINE}.
 */
public final class JanuaAuthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The routes, relative to the servlet's mapping. */
  public static final String SIGNUP = "/signup";
  /** {@code POST /signin}. */
  public static final String SIGNIN = "/signin";
  /** {@code POST /mfa/complete}: the second step of a sign-in with a second factor. */
  public static final String MFA_COMPLETE = "/mfa/complete";
  /** {@code POST /refresh}. */
  public static final String REFRESH = "/refresh";
  /** {@code POST /signout}. */
  public static final String SIGNOUT = "/signout";
  /** {@code GET /me}. */
  public static final String ME = "/me";

  private static final String POST = "POST";
  private static final String GET = "GET";

  private final transient JsonCodec codec = new JsonCodec();
  private final transient JsonResponses json = new JsonResponses(codec);
  private transient volatile @Nullable AuthEngine engine;

  /**
   * A servlet for the container to create: {@link #init()} takes the engine from the
   * servlet-context attribute {@link JanuaAttributes#ENGINE}.
   */
  public JanuaAuthServlet() {}

  /**
   * A servlet over an engine.
   *
   * @throws NullPointerException when {@code engine} is null
   */
  public JanuaAuthServlet(AuthEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Finds the engine when none was given.
   *
   * @throws ServletException when the context attribute {@link JanuaAttributes#ENGINE} holds none
   */
  @Override
  public void init() throws ServletException {
    if (engine == null) {
      if (!(getServletContext().getAttribute(JanuaAttributes.ENGINE) instanceof AuthEngine e)) {
        throw new ServletException("JanuaAuthServlet needs an AuthEngine: pass it to the "
            + "constructor, or put it in the servlet-context attribute " + JanuaAttributes.ENGINE);
      }
      engine = e;
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String requestId = requestId(req, res);
    try {
      route(engine(), req, res);
    } catch (RuntimeException e) {
      json.sendError(res, ErrorMapper.map(e, requestId), requestId);
    }
  }

  private void route(AuthEngine engine, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    String route = req.getPathInfo() == null ? "" : req.getPathInfo();
    String method = req.getMethod();
    if (method.equals(POST)) {
      switch (route) {
        case SIGNUP -> {
          Requests.Signup in = body(req, Requests.Signup.class).requireFields();
          tokens(res, 201, engine.signup(in.email(), in.password(), client(engine, req), in.name()));
          return;
        }
        case SIGNIN -> {
          Requests.Signin in = body(req, Requests.Signin.class).requireFields();
          AuthResult r;
          try {
            r = engine.signin(in.email(), in.password(), client(engine, req),
                DeviceTokens.presented(req.getHeader(DeviceTokens.HEADER), deviceCookie(req)));
          } catch (MfaRequiredException e) {
            e.rateLimit().ifPresent(d -> RateLimitHeaders.of(d).forEach(res::setHeader));
            TokenResponses.HEADERS.forEach(res::setHeader);
            json.send(res, 200, Responses.MfaRequiredBody.of(e));
            return;
          }
          signedIn(engine, req, res, r);
          return;
        }
        case MFA_COMPLETE -> {
          Requests.CompleteMfa in = body(req, Requests.CompleteMfa.class).requireFields();
          signedIn(engine, req, res, engine.completeMfa(in.challenge(), in.proof(),
              client(engine, req), in.remember()));
          return;
        }
        case REFRESH -> {
          Requests.Refresh in = body(req, Requests.Refresh.class).requireFields();
          tokens(res, 200, engine.refresh(in.refreshToken(), client(engine, req)));
          return;
        }
        case SIGNOUT -> {
          limit(engine, req, res);
          engine.signout(principal(engine, req));
          res.setStatus(204);
          return;
        }
        default -> { }
      }
    } else if (method.equals(GET) && route.equals(ME)) {
      limit(engine, req, res);
      json.send(res, 200, Responses.UserBody.of(engine.users().me(principal(engine, req))));
      return;
    }
    String allowed = switch (route) {
      case SIGNUP, SIGNIN, MFA_COMPLETE, REFRESH, SIGNOUT -> POST;
      case ME -> GET;
      default -> null;
    };
    if (allowed != null) {
      throw new MethodNotAllowedException(method, Set.of(allowed));
    }
    throw new JanuaException("not_found", 404, "No route for " + method + " " + req.getRequestURI());
  }

  private static @Nullable String deviceCookie(HttpServletRequest req) {
    jakarta.servlet.http.Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (jakarta.servlet.http.Cookie c : cookies) {
        if (DeviceTokens.COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  /** A finished sign-in: the device cookie when a device token came with it, then the tokens. */
  private void signedIn(AuthEngine engine, HttpServletRequest req, HttpServletResponse res,
      AuthResult r) throws IOException {
    if (r.deviceToken() != null) {
      res.addHeader("Set-Cookie", DeviceTokens.setCookie(r.deviceToken(),
          engine.config().deviceTokenTtl(), req.isSecure()));
    }
    tokens(res, 200, r);
  }

  private void tokens(HttpServletResponse res, int status, AuthResult result) throws IOException {
    RateLimitHeaders.of(result.rateLimit()).forEach(res::setHeader);
    TokenResponses.HEADERS.forEach(res::setHeader);
    json.send(res, status, Responses.AuthBody.of(result));
  }

  private <T> T body(HttpServletRequest req, Class<T> type) throws IOException {
    try (InputStream in = req.getInputStream()) {
      return codec.read(req.getContentType(), req.getContentLengthLong(), in, type);
    }
  }

  /** The user-operations limit, unless the filter already counted this request. */
  private static void limit(AuthEngine engine, HttpServletRequest req, HttpServletResponse res) {
    if (req.getAttribute(JanuaAttributes.RATE_LIMIT) instanceof RateLimitDecision) {
      return;
    }
    RateLimitDecision d = engine.rateLimiter().checkOrThrow(RateLimitCategory.USER_OPERATIONS,
        clientIp(engine, req));
    RateLimitHeaders.of(d).forEach(res::setHeader);
  }

  private static Principal principal(AuthEngine engine, HttpServletRequest req) {
    return JanuaAttributes.principal(req).orElseGet(
        () -> BearerToken.authenticate(engine, req.getHeader("Authorization")));
  }

  private static ClientInfo client(AuthEngine engine, HttpServletRequest req) {
    return new ClientInfo(clientIp(engine, req), req.getHeader("User-Agent"));
  }

  private static @Nullable String clientIp(AuthEngine engine, HttpServletRequest req) {
    if (req.getAttribute(JanuaAttributes.CLIENT_IP) instanceof String ip) {
      return ip;
    }
    return ClientAddresses.resolve(engine, req.getRemoteAddr(),
        name -> java.util.Collections.list(req.getHeaders(name)));
  }

  /** The filter's request id, or (without the filter) one of the servlet's own. */
  private static String requestId(HttpServletRequest req, HttpServletResponse res) {
    return JanuaAttributes.requestId(req).orElseGet(() -> {
      String id = RequestIds.resolve(req.getHeader(RequestIds.HEADER));
      req.setAttribute(JanuaAttributes.REQUEST_ID, id);
      res.setHeader(RequestIds.HEADER, id);
      return id;
    });
  }

  private AuthEngine engine() {
    AuthEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("JanuaAuthServlet is not initialized: the container calls "
          + "init() before the first request");
    }
    return e;
  }
}
