package dev.janua.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error response ready to send: the HTTP status, the headers that go with it, and the body
 * {@code {"error": {"code", "message", "details", "request_id"}}}.
 *
 * @param status  the HTTP status
 * @param code    the stable machine code, e.g. {@code invalid_credentials}
 * @param message a human-readable message; never carries a secret
 * @param details extra facts a client can act on (a {@code field}, a {@code reason}, a {@code
 *                retry_after}); empty when there are none
 * @param headers response headers to add, e.g. {@code Retry-After} or {@code WWW-Authenticate}
 */
public record ApiError(int status, String code, String message, Map<String, Object> details,
    Map<String, String> headers) {

  /**
   * @throws NullPointerException     if {@code code}, {@code message}, {@code details} or {@code
   *                                  headers} is null
   * @throws IllegalArgumentException if {@code status} is not 400 to 599
   */
  public ApiError {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400 to 599, got " + status);
    }
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /**
   * The JSON body: {@code {"error": {"code", "message", "details", "request_id"}}}.
   *
   * @param requestId the request's {@code X-Request-ID}, or null (written as JSON null)
   */
  public Map<String, Object> body(@Nullable String requestId) {
    Map<String, @Nullable Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", new java.util.TreeMap<>(details));
    error.put("request_id", requestId);
    return Map.of("error", error);
  }
}
