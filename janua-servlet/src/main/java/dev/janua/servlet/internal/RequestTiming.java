package dev.janua.servlet.internal;

import org.jspecify.annotations.Nullable;

/**
 * Gives each request its id and measures its response time: through janua-metrics' {@code
 * RequestTimer} when the host has one ({@link MetricsTiming}, which also records the request
 * metrics), else with a plain id and clock ({@link PlainTiming}).
 */
public interface RequestTiming {
  /**
   * Starts timing a request.
   *
   * @param method           the HTTP method
   * @param routeTemplate    the route template (never the raw path)
   * @param incomingRequestId the {@code X-Request-ID} header, or null
   */
  Timed start(String method, String routeTemplate, @Nullable String incomingRequestId);

  /** Timing without metrics: a plain request id and {@code System.nanoTime()}. */
  static RequestTiming plain() {
    return PlainTiming.INSTANCE;
  }

  /**
   * The timing for a servlet-context attribute: {@link MetricsTiming} when it holds a {@code
   * RequestTimer} (janua-metrics is then on the class path, since the object exists), else plain.
   *
   * @param requestTimer the attribute's value, or null
   * @throws IllegalArgumentException when the attribute holds something else
   */
  static RequestTiming fromAttribute(@Nullable Object requestTimer) {
    return requestTimer == null ? plain() : MetricsTiming.of(requestTimer);
  }

  /** One request being timed. */
  interface Timed {
    /** The id to answer with in {@code X-Request-ID}. */
    String requestId();

    /** The time so far, formatted for {@code X-Response-Time} (e.g. {@code 23.45ms}). */
    String elapsed();

    /**
     * Ends the request (once; later calls return the first answer) and returns its {@code
     * X-Response-Time} value.
     *
     * @param status the status sent
     * @param threw  whether the request failed with an exception nobody answered
     */
    String finish(int status, boolean threw);
  }
}
