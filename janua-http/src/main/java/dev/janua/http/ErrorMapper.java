package dev.janua.http;

import dev.janua.ConflictException;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaException;
import dev.janua.RateLimitedException;
import dev.janua.SigninThrottledException;
import dev.janua.ValidationException;
import dev.janua.http.internal.MalformedJsonException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps whatever a handler threw to an {@link ApiError}. A {@link JanuaException} keeps its stable
 * code, HTTP status and message, with details by type: {@code field} for {@link
 * ValidationException} and {@link ConflictException}, {@code reason} for {@link
 * InvalidTokenException}, {@code category} and {@code retry_after} for {@link RateLimitedException}
 * (which also carries the {@code X-RateLimit-*} and {@code Retry-After} headers), {@code
 * retry_after} and the {@code Retry-After} header for {@link SigninThrottledException}; a 401 carries
 * the RFC 6750 {@code WWW-Authenticate} challenge of {@link #challenge}. Anything else is a
 * bug or an outage the engine did not type: it is logged here with the request id and answered
 * with a generic 500 that tells nothing of the cause.
 */
public final class ErrorMapper {
  /** The header of a 401's challenge. */
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  /** The realm of the bearer challenge. */
  public static final String REALM = "janua";

  /** The code of an unexpected failure. */
  public static final String INTERNAL_ERROR = "internal_error";

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /**
   * The error response for a failure.
   *
   * @param failure   what the handler threw
   * @param requestId the request id, for the log line of an unexpected failure; null when none
   * @return the response to send
   */
  public static ApiError map(Throwable failure, @Nullable String requestId) {
    if (failure instanceof JanuaException e && e.httpStatus() >= 400 && e.httpStatus() <= 599) {
      Map<String, Object> details = new LinkedHashMap<>();
      Map<String, String> headers = new LinkedHashMap<>();
      if (e instanceof ValidationException v && v.field() != null) {
        details.put("field", v.field());
      } else if (e instanceof ConflictException c && c.field() != null) {
        details.put("field", c.field());
      } else if (e instanceof MalformedJsonException m && m.field() != null) {
        details.put("field", m.field());
      } else if (e instanceof InvalidTokenException t) {
        details.put("reason", t.reason().code());
      } else if (e instanceof RateLimitedException r) {
        details.put("category", r.decision().category().code());
        details.put("retry_after", Math.max(1, r.retryAfterSeconds()));
        headers.putAll(RateLimitHeaders.of(r.decision()));
        headers.putIfAbsent(RateLimitHeaders.RETRY_AFTER,
            Long.toString(Math.max(1, r.retryAfterSeconds())));
      }
      if (!(e instanceof RateLimitedException)) {
        // A failed signup, signin or refresh still counted against its limit: say so.
        e.rateLimit().filter(d -> d.limited()).ifPresent(d -> headers.putAll(RateLimitHeaders.of(d)));
      }
      if (e instanceof SigninThrottledException t) {
        // The per-account lock: the same answer for an account and for an unknown email.
        details.put("retry_after", t.retryAfterSeconds());
        headers.put(RateLimitHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds()));
      }
      if (e instanceof MethodNotAllowedException m) {
        headers.put("Allow", m.allow());
      }
      if (e.httpStatus() == 401) {
        headers.put(WWW_AUTHENTICATE, challenge(e));
      }
      if (e.httpStatus() >= 500) {
        LOG.warn("Request {} failed: {} ({})", requestId, e.code(), e.getMessage());
      }
      return new ApiError(e.httpStatus(), e.code(), message(e), details, headers);
    }
    LOG.error("Request {} failed with an unexpected error", requestId, failure);
    return new ApiError(500, INTERNAL_ERROR,
        "Internal server error; quote request id " + requestId + " when reporting it", Map.of(),
        Map.of());
  }

  /**
   * The RFC 6750 challenge of a 401: for a refused token ({@link InvalidTokenException}) or a
   * malformed {@code Authorization} header, {@code error="invalid_token"} with a description made
   * only of the reason code (never token content); for a request without credentials, and any
   * other 401, the realm alone (section 3.1: no error code when no credentials were sent).
   *
   * @param e the 401 failure
   * @return the {@code WWW-Authenticate} value
   */
  public static String challenge(JanuaException e) {
    String realm = "Bearer realm=\"" + REALM + "\"";
    if (e instanceof InvalidTokenException t) {
      return realm + ", error=\"invalid_token\", error_description=\"The token was refused: "
          + t.reason().code() + "\"";
    }
    if (e instanceof MalformedBearerException) {
      return realm + ", error=\"invalid_token\", error_description=\"The Authorization header is"
          + " not 'Bearer <token>'\"";
    }
    return realm;
  }

  private static String message(JanuaException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.code() : m;
  }
}
