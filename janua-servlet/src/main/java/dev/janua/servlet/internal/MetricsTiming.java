package dev.janua.servlet.internal;

import dev.janua.metrics.RequestTimer;
import dev.janua.metrics.TimedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Timing through janua-metrics' {@link RequestTimer}: the guide's request metrics by route
 * template, its request-id rule, the slow-request log. Only loaded when the host gave a timer, so
 * janua-metrics stays an optional dependency.
 */
public final class MetricsTiming implements RequestTiming {
  private final RequestTimer timer;

  /** @param timer the host's timer, from {@code MicrometerPlugin.requestTimer()} */
  public MetricsTiming(RequestTimer timer) {
    this.timer = timer;
  }

  static MetricsTiming of(Object requestTimer) {
    if (requestTimer instanceof RequestTimer t) {
      return new MetricsTiming(t);
    }
    throw new IllegalArgumentException("the servlet-context attribute "
        + "dev.janua.metrics.RequestTimer must hold a dev.janua.metrics.RequestTimer, not a "
        + requestTimer.getClass().getName());
  }

  @Override
  public Timed start(String method, String routeTemplate, @Nullable String incomingRequestId) {
    TimedRequest t = timer.start(method, routeTemplate, incomingRequestId);
    long start = System.nanoTime();
    return new Timed() {
      @Override
      public String requestId() {
        return t.requestId();
      }

      @Override
      public String elapsed() {
        return RequestTimer.formatResponseTime(System.nanoTime() - start);
      }

      @Override
      public String finish(int status, boolean threw) {
        return threw ? t.finishExceptionally() : t.finish(status);
      }
    };
  }
}
