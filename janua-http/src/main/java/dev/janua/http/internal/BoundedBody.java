package dev.janua.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/** Reads a request body up to a limit, and drops what is left of an oversized one. */
public final class BoundedBody {
  /** How much of an oversized body is read and dropped before answering 413 (see {@link #drain}). */
  public static final long DRAIN_LIMIT = 1024 * 1024;

  private BoundedBody() {}

  /**
   * Reads a whole body of at most {@code max} bytes.
   *
   * @param body the stream, or null for none (read as empty); not closed
   * @param max  the largest body accepted
   * @return the bytes, or null when the body is longer than {@code max} (the rest is then drained)
   * @throws IOException when the stream fails
   */
  public static byte @Nullable [] read(@Nullable InputStream body, int max) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = body.read(buffer)) != -1) {
      out.write(buffer, 0, n);
      if (out.size() > max) {
        drain(body);
        return null;
      }
    }
    return out.toByteArray();
  }

  /**
   * Reads and drops what is left of an oversized body, up to {@link #DRAIN_LIMIT} bytes, before the
   * 413 is sent. A server that answers while the client is still sending, and then closes, can reset
   * the connection before the client reads the answer; draining a moderately oversized body lets the
   * client see its 413. Past the limit the connection is simply closed.
   *
   * @param body the stream, or null; not closed
   */
  public static void drain(@Nullable InputStream body) {
    if (body == null) {
      return;
    }
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    try {
      int n;
      while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away: nothing to answer anyway.
    }
  }
}
