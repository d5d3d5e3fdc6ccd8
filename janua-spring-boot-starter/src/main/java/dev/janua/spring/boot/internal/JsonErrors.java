package dev.janua.spring.boot.internal;

import dev.janua.JanuaException;
import dev.janua.PermissionDeniedException;
import dev.janua.http.ApiError;
import dev.janua.http.BearerToken;
import dev.janua.http.ErrorMapper;
import dev.janua.http.JsonCodec;
import dev.janua.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's 401 and 403 answered in Janua's error shape through janua-http's {@link
 * ErrorMapper}: a 401 carries the reason the bearer filter found (an expired or revoked token's
 * {@code invalid_token} with its {@code reason}), or {@code unauthorized} when there was no
 * token; a 403 is {@code permission_denied}.
 */
public final class JsonErrors implements AuthenticationEntryPoint, AccessDeniedHandler {
  /** The request attribute where the bearer filter leaves why a presented token was refused. */
  public static final String FAILURE = "dev.janua.spring.boot.failure";

  private final JsonCodec codec = new JsonCodec();

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response,
      AuthenticationException authException) throws IOException {
    Object failure = request.getAttribute(FAILURE);
    JanuaException e = failure instanceof JanuaException j ? j : BearerToken.missing();
    send(request, response, e);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      AccessDeniedException accessDeniedException) throws IOException {
    send(request, response, new PermissionDeniedException("Permission denied"));
  }

  /** Writes {@code failure} in the error shape. */
  public void send(HttpServletRequest request, HttpServletResponse response, Throwable failure)
      throws IOException {
    String requestId = RequestIds.resolve(request.getHeader(RequestIds.HEADER));
    ApiError error = ErrorMapper.map(failure, requestId);
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(error.status());
    error.headers().forEach(response::setHeader);
    response.setHeader(RequestIds.HEADER, requestId);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(JsonCodec.JSON);
    byte[] body = codec.write(error.body(requestId)).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
