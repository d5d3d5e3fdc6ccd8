package dev.janua.servlet;

import dev.janua.Principal;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * The names of the attributes the servlet integration reads and writes.
 *
 * <p>Servlet-context attributes, for containers that create the filter and the servlet themselves
 * ({@code web.xml}, {@code @WebFilter}): put the engine under {@link #ENGINE} (and, with
 * janua-metrics, the {@code RequestTimer} under {@link #REQUEST_TIMER}) before they start, for
 * example in a {@code ServletContextListener}.
 *
 * <p>Request attributes, set by {@link JanuaAuthenticationFilter} for what runs after it: {@link
 * #PRINCIPAL}, {@link #REQUEST_ID}, {@link #CLIENT_IP} and {@link #RATE_LIMIT}.
 */
public final class JanuaAttributes {
  /** Context attribute: the {@code dev.janua.AuthEngine} the filter and servlet use. */
  public static final String ENGINE = "dev.janua.AuthEngine";
  /** Context attribute, optional: the janua-metrics {@code RequestTimer} the filter times with. */
  public static final String REQUEST_TIMER = "dev.janua.metrics.RequestTimer";
  /** Request attribute: the authenticated {@link Principal}, absent on anonymous requests. */
  public static final String PRINCIPAL = "dev.janua.servlet.principal";
  /** Request attribute: the request id, as sent in {@code X-Request-ID} (a {@code String}). */
  public static final String REQUEST_ID = "dev.janua.servlet.requestId";
  /**
   * Request attribute: the client's IP address as the engine resolved it from the peer address and
   * {@code X-Forwarded-For} (a {@code String}).
   */
  public static final String CLIENT_IP = "dev.janua.servlet.clientIp";
  /**
   * Request attribute: the {@code dev.janua.RateLimitDecision} the filter took for this request,
   * absent when it applied no limit; the auth servlet then does not count the request again.
   */
  public static final String RATE_LIMIT = "dev.janua.servlet.rateLimit";

  private JanuaAttributes() {}

  /**
   * The principal the filter authenticated for a request.
   *
   * @param request the request
   * @return the principal, or empty for an anonymous or unfiltered request
   */
  public static Optional<Principal> principal(ServletRequest request) {
    return request.getAttribute(PRINCIPAL) instanceof Principal p ? Optional.of(p) : Optional.empty();
  }

  /**
   * The request id the filter gave a request.
   *
   * @param request the request
   * @return the id, or empty for a request the filter did not see
   */
  public static Optional<String> requestId(ServletRequest request) {
    return request.getAttribute(REQUEST_ID) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
