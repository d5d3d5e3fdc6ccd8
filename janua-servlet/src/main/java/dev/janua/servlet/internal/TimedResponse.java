package dev.janua.servlet.internal;

import dev.janua.http.RequestIds;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Puts {@code X-Response-Time} on a response before its headers can be committed: when the body
 * is first opened, flushed, or an error or redirect is sent. The filter sets the final value again
 * at the end when nothing was committed yet (an empty-bodied response such as a 204).
 */
public final class TimedResponse extends HttpServletResponseWrapper {
  private final Supplier<String> elapsed;
  private boolean stamped;

  /**
   * @param response the container's response
   * @param elapsed  the time so far, formatted for the header
   */
  public TimedResponse(HttpServletResponse response, Supplier<String> elapsed) {
    super(response);
    this.elapsed = elapsed;
  }

  private void stamp() {
    if (!stamped && !isCommitted()) {
      stamped = true;
      setHeader(RequestIds.RESPONSE_TIME_HEADER, elapsed.get());
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    stamp();
    return super.getOutputStream();
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    stamp();
    return super.getWriter();
  }

  @Override
  public void flushBuffer() throws IOException {
    stamp();
    super.flushBuffer();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    stamp();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    stamp();
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    stamp();
    super.sendRedirect(location);
  }

  @Override
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    stamp();
    super.sendRedirect(location, sc, clearBuffer);
  }
}
