package dev.janua.metrics;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One request being timed by a {@link RequestTimer}. Finish it exactly once, with {@link
 * #finish(int)} or {@link #finishExceptionally()}; later calls record nothing and return the first
 * answer. Safe to finish from another thread than the one that started it.
 */
public final class TimedRequest {
  private final RequestTimer timer;
  private final String method;
  private final String path;
  private final String requestId;
  private final long startNanos;
  private final AtomicReference<@Nullable String> responseTime = new AtomicReference<>();

  TimedRequest(RequestTimer timer, String method, String path, String requestId, long startNanos) {
    this.timer = timer;
    this.method = method;
    this.path = path;
    this.requestId = requestId;
    this.startNanos = startNanos;
  }

  /** The {@code X-Request-ID} to answer with: the incoming one if well-formed, else a new UUID. */
  public String requestId() {
    return requestId;
  }

  /** The method tag, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** The path tag: the route template after the id safety net. */
  public String pathTemplate() {
    return path;
  }

  /**
   * Records the request with its response status and returns the {@code X-Response-Time} value.
   *
   * @param status the HTTP status sent; 5xx counts as an error in the endpoint statistics
   * @return the duration formatted like {@code 23.45ms}
   */
  public String finish(int status) {
    return complete(status, false);
  }

  /**
   * Records a request whose handler threw, as status 500 and an error, and returns the {@code
   * X-Response-Time} value.
   */
  public String finishExceptionally() {
    return complete(500, true);
  }

  private String complete(int status, boolean threw) {
    String done = responseTime.get();
    if (done != null) {
      return done;
    }
    long nanos = Math.max(0, timer.now() - startNanos);
    String value = RequestTimer.formatResponseTime(nanos);
    if (responseTime.compareAndSet(null, value)) {
      timer.record(method, path, status, nanos, threw);
      return value;
    }
    return responseTime.get();
  }
}
