package dev.janua.servlet.internal;

import dev.janua.http.ApiError;
import dev.janua.http.JsonCodec;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Writes JSON bodies and the error shape on a servlet response. */
public final class JsonResponses {
  private final JsonCodec json;

  /** @param json the codec */
  public JsonResponses(JsonCodec json) {
    this.json = json;
  }

  /**
   * Sends a JSON body with a status.
   *
   * @throws IOException when the client went away
   */
  public void send(HttpServletResponse response, int status, Object body) throws IOException {
    String text = json.write(body);
    response.setStatus(status);
    response.setContentType(JsonCodec.JSON);
    OutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException writerInUse) {
      // The application opened the writer before it failed: answer through the writer.
      response.getWriter().write(text);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    out.write(bytes);
  }

  /**
   * Sends an error: its status, its headers ({@code WWW-Authenticate}, {@code Retry-After}, {@code
   * X-RateLimit-*}) and {@code {"error": {...}}}. A response whose headers were already committed
   * is left alone.
   *
   * @throws IOException when the client went away
   */
  public void sendError(HttpServletResponse response, ApiError error, @Nullable String requestId)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    error.headers().forEach(response::setHeader);
    send(response, error.status(), error.body(requestId));
  }
}
