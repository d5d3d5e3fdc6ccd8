package dev.janua.spring.boot.internal;

import dev.janua.JanuaException;
import dev.janua.http.ApiError;
import dev.janua.http.ErrorMapper;
import dev.janua.http.JsonCodec;
import dev.janua.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@link JanuaException} thrown by an application's controller (a refused permission, a
 * validation failure, a rate limit, ...) answered in Janua's error shape, with its status, code
 * and headers, through janua-http's {@link ErrorMapper}.
 */
@RestControllerAdvice
public final class JanuaExceptionAdvice {
  private final JsonCodec codec = new JsonCodec();

  /** The error response of {@code e}. */
  @ExceptionHandler(JanuaException.class)
  public ResponseEntity<String> handle(JanuaException e, HttpServletRequest request) {
    String requestId = RequestIds.resolve(request.getHeader(RequestIds.HEADER));
    ApiError error = ErrorMapper.map(e, requestId);
    ResponseEntity.BodyBuilder b = ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON).header(RequestIds.HEADER, requestId)
        .header("Cache-Control", "no-store");
    error.headers().forEach((k, v) -> b.header(k, v));
    return b.body(codec.write(error.body(requestId)));
  }
}
