package dev.janua.servlet;

import dev.janua.AuthEngine;
import dev.janua.JanuaException;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.http.BearerToken;
import dev.janua.http.ClientAddresses;
import dev.janua.http.ErrorMapper;
import dev.janua.http.JsonCodec;
import dev.janua.http.RateLimitHeaders;
import dev.janua.http.RequestIds;
import dev.janua.servlet.internal.AuthenticatedRequest;
import dev.janua.servlet.internal.Authenticator;
import dev.janua.servlet.internal.BearerAuthenticator;
import dev.janua.servlet.internal.JsonResponses;
import dev.janua.servlet.internal.RequestTiming;
import dev.janua.servlet.internal.TimedResponse;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates requests to a servlet application with Janua. For every HTTP request it:
 *
 * <ol>
 *   <li>gives it a request id ({@code X-Request-ID}: the incoming one when well-formed, else a new
 *       one) and measures it ({@code X-Response-Time}; with janua-metrics' {@code RequestTimer}
 *       also the guide's request metrics by route template);
 *   <li>resolves the client address with janua-http's {@code ClientAddresses} (every line of
 *       {@code X-Forwarded-For}, or {@code Forwarded} with {@code FORWARDED_HEADER=forwarded},
 *       believed only from {@code TRUSTED_PROXIES});
 *   <li>on the paths it covers ({@link JanuaFilterConfig}): counts the request against the rate
 *       limit ({@code X-RateLimit-*} headers; {@code 429 rate_limited} with {@code Retry-After}
 *       when over), then authenticates {@code Authorization: Bearer <token>}, an access token or
 *       an API token ({@code jnu_...}), with {@code engine.authenticate}: a missing, malformed,
 *       expired, revoked or signed-out token is refused with {@code 401} and {@code
 *       WWW-Authenticate: Bearer} (a missing one passes anonymously when so configured); an API
 *       token over its own limit with {@code 429};
 *   <li>passes an authenticated request on with the engine's {@link Principal} in the request
 *       attribute {@link JanuaAttributes#PRINCIPAL} and a {@link JanuaUserPrincipal} as {@code
 *       getUserPrincipal()} (its name is the user id; {@code getRemoteUser()} too);
 *   <li>answers every failure, its own and (by default) the application's, in janua-http's error
 *       shape {@code {"error": {"code", "message", "details", "request_id"}}}.
 * </ol>
 *
 * <p>Register it programmatically with an engine ({@code new JanuaAuthenticationFilter(engine,
 * config)}), or let the container create it ({@code web.xml}, {@code @WebFilter}) and put the
 * engine in the servlet-context attribute {@link JanuaAttributes#ENGINE}; the settings then come
 * from init parameters (see docs/servlet.md). Thread-safe; the engine stays the host's to close.
 */
public final class JanuaAuthenticationFilter implements Filter {

  private final @Nullable AuthEngine givenEngine;
  private final @Nullable JanuaFilterConfig givenConfig;
  private final JsonResponses json = new JsonResponses(new JsonCodec());
  private volatile @Nullable State state;

  /** What the filter runs with once it knows its engine and settings. */
  private record State(AuthEngine engine, JanuaFilterConfig config, RequestTiming timing,
      List<Authenticator> authenticators) {
    static State of(AuthEngine engine, JanuaFilterConfig config) {
      // API tokens will join here as a second Authenticator (their own header or prefix).
      return new State(engine, config, config.timing().timing(),
          List.of(new BearerAuthenticator(engine)));
    }
  }

  /**
   * A filter for the container to create: {@link #init} takes the engine from the servlet-context
   * attribute {@link JanuaAttributes#ENGINE} and the settings from the init parameters.
   */
  public JanuaAuthenticationFilter() {
    this.givenEngine = null;
    this.givenConfig = null;
  }

  /**
   * A filter over an engine, with the settings of the init parameters (every default when there
   * are none).
   *
   * @throws NullPointerException when {@code engine} is null
   */
  public JanuaAuthenticationFilter(AuthEngine engine) {
    this.givenEngine = Objects.requireNonNull(engine, "engine");
    this.givenConfig = null;
    this.state = State.of(engine, JanuaFilterConfig.defaults());
  }

  /**
   * A filter over an engine with these settings; init parameters are ignored.
   *
   * @throws NullPointerException when {@code engine} or {@code config} is null
   */
  public JanuaAuthenticationFilter(AuthEngine engine, JanuaFilterConfig config) {
    this.givenEngine = Objects.requireNonNull(engine, "engine");
    this.givenConfig = Objects.requireNonNull(config, "config");
    this.state = State.of(engine, config);
  }

  /**
   * Finds the engine and reads the settings.
   *
   * @throws ServletException when no engine was given and the context attribute {@link
   *     JanuaAttributes#ENGINE} holds none, or when an init parameter is not acceptable (the
   *     message names it)
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    ServletContext context = filterConfig.getServletContext();
    AuthEngine engine = givenEngine;
    if (engine == null) {
      Object attribute = context.getAttribute(JanuaAttributes.ENGINE);
      if (!(attribute instanceof AuthEngine e)) {
        throw new ServletException("JanuaAuthenticationFilter needs an AuthEngine: pass it to the "
            + "constructor, or put it in the servlet-context attribute " + JanuaAttributes.ENGINE
            + " before the filter starts");
      }
      engine = e;
    }
    JanuaFilterConfig config = givenConfig;
    if (config == null) {
      try {
        config = JanuaFilterConfig.fromInitParameters(filterConfig::getInitParameter,
            context.getAttribute(JanuaAttributes.REQUEST_TIMER));
      } catch (IllegalArgumentException e) {
        throw new ServletException("JanuaAuthenticationFilter: " + e.getMessage(), e);
      }
    }
    this.state = State.of(engine, config);
  }

  /** The settings in force. */
  public JanuaFilterConfig config() {
    return state().config();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req)
        || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    State s = state();
    RequestTiming.Timed timed = s.timing().start(req.getMethod(), s.config().routeTemplate(req),
        req.getHeader(RequestIds.HEADER));
    String requestId = timed.requestId();
    req.setAttribute(JanuaAttributes.REQUEST_ID, requestId);
    res.setHeader(RequestIds.HEADER, requestId);
    TimedResponse out = new TimedResponse(res, timed::elapsed);
    boolean threw = true;
    try {
      HttpServletRequest admitted = admit(s, req, out, requestId);
      if (admitted != null) {
        pass(s, admitted, out, chain, requestId);
      }
      threw = false;
    } finally {
      if (req.isAsyncStarted()) {
        req.getAsyncContext().addListener(new FinishOnComplete(timed, out));
      } else {
        finish(timed, out, threw);
      }
    }
  }

  /**
   * Rate-limits and authenticates a covered request.
   *
   * @return the request to pass on, or null when it was refused (the answer is written)
   */
  private @Nullable HttpServletRequest admit(State s, HttpServletRequest req,
      HttpServletResponse out, String requestId) throws IOException {
    try {
      String clientIp = ClientAddresses.resolve(s.engine(), req.getRemoteAddr(),
          name -> java.util.Collections.list(req.getHeaders(name)));
      if (clientIp != null) {
        req.setAttribute(JanuaAttributes.CLIENT_IP, clientIp);
      }
      if (!s.config().covers(pathOf(req))) {
        return req;
      }
      // Limit before authenticating, so that guessing tokens is limited too.
      RateLimitCategory category = s.config().rateLimitCategory().orElse(null);
      if (category != null) {
        RateLimitDecision decision = s.engine().rateLimiter().checkOrThrow(category, clientIp);
        RateLimitHeaders.of(decision).forEach(out::setHeader);
        req.setAttribute(JanuaAttributes.RATE_LIMIT, decision);
      }
      Principal principal = authenticate(s, req);
      if (principal == null) {
        if (s.config().allowAnonymous()) {
          return req;
        }
        throw BearerToken.missing();
      }
      req.setAttribute(JanuaAttributes.PRINCIPAL, principal);
      return new AuthenticatedRequest(req, new JanuaUserPrincipal(principal));
    } catch (RuntimeException e) {
      json.sendError(out, ErrorMapper.map(e, requestId), requestId);
      return null;
    }
  }

  private static @Nullable Principal authenticate(State s, HttpServletRequest req) {
    for (Authenticator a : s.authenticators()) {
      Principal p = a.authenticate(req);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** Runs the rest of the chain, answering what it throws in the error shape when configured. */
  private void pass(State s, HttpServletRequest req, HttpServletResponse out, FilterChain chain,
      String requestId) throws IOException, ServletException {
    try {
      chain.doFilter(req, out);
    } catch (RuntimeException | ServletException e) {
      if (!s.config().mapExceptions() || out.isCommitted()) {
        throw e;
      }
      json.sendError(out, ErrorMapper.map(januaCause(e), requestId), requestId);
    }
  }

  /** A {@code JanuaException} wrapped by a {@code ServletException}, or the failure itself. */
  private static Throwable januaCause(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof JanuaException) {
        return t;
      }
    }
    return failure;
  }

  private static void finish(RequestTiming.Timed timed, HttpServletResponse out, boolean threw) {
    String value = timed.finish(threw ? 500 : out.getStatus(), threw);
    if (!out.isCommitted()) {
      out.setHeader(RequestIds.RESPONSE_TIME_HEADER, value);
    }
  }

  /** The path within the application: servlet path plus path info, both decoded and normalized. */
  static String pathOf(HttpServletRequest req) {
    String servletPath = req.getServletPath();
    String pathInfo = req.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  private State state() {
    State s = state;
    if (s == null) {
      throw new IllegalStateException("JanuaAuthenticationFilter is not initialized: the container "
          + "calls init(FilterConfig) before the first request");
    }
    return s;
  }

  /** Ends the timing of an asynchronous request when it completes. */
  private static final class FinishOnComplete implements AsyncListener {
    private final RequestTiming.Timed timed;
    private final HttpServletResponse out;

    FinishOnComplete(RequestTiming.Timed timed, HttpServletResponse out) {
      this.timed = timed;
      this.out = out;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      timed.finish(out.getStatus(), false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
      timed.finish(500, true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
