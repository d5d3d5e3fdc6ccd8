package dev.janua.servlet;

import dev.janua.metrics.RequestTimer;
import dev.janua.servlet.internal.MetricsTiming;
import dev.janua.servlet.internal.RequestTiming;
import java.util.Objects;

/**
 * How {@link JanuaAuthenticationFilter} times requests: {@link #plain()} (a request id and {@code
 * X-Response-Time}, nothing recorded; the default) or {@link #of(RequestTimer)} (janua-metrics:
 * also the guide's request metrics by route template and the slow-request log).
 *
 * <p>janua-metrics is an optional dependency of janua-servlet: only {@link #of(RequestTimer)}
 * needs it, and nothing else in the module refers to it, so an application without it never
 * loads a class of it.
 */
public final class FilterTiming {
  private static final FilterTiming PLAIN = new FilterTiming(RequestTiming.plain(), false);

  private final RequestTiming timing;
  private final boolean metrics;

  private FilterTiming(RequestTiming timing, boolean metrics) {
    this.timing = timing;
    this.metrics = metrics;
  }

  /** Request ids and response times only: the default. */
  public static FilterTiming plain() {
    return PLAIN;
  }

  /**
   * Timing through janua-metrics' request timer.
   *
   * @param timer from {@code MicrometerPlugin.requestTimer()}
   * @throws NullPointerException when {@code timer} is null
   */
  public static FilterTiming of(RequestTimer timer) {
    return new FilterTiming(new MetricsTiming(Objects.requireNonNull(timer, "timer")), true);
  }

  /** Whether a janua-metrics request timer records the requests. */
  public boolean recordsMetrics() {
    return metrics;
  }

  RequestTiming timing() {
    return timing;
  }

  static FilterTiming fromAttribute(Object requestTimer) {
    return new FilterTiming(RequestTiming.fromAttribute(requestTimer), true);
  }

  @Override
  public String toString() {
    return metrics ? "FilterTiming[RequestTimer]" : "FilterTiming[plain]";
  }
}
