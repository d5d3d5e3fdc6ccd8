package dev.janua.metrics;

import dev.janua.metrics.internal.EndpointStats;
import dev.janua.metrics.internal.Guard;
import dev.janua.metrics.internal.TagValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Times HTTP requests for an adapter of any web framework. Obtained from {@link
 * MicrometerMetrics#requestTimer()}; thread-safe, one per application.
 *
 * <pre>{@code
 * TimedRequest t = timer.start(req.method(), route.template(), req.header(RequestTimer.REQUEST_ID_HEADER));
 * res.header(RequestTimer.REQUEST_ID_HEADER, t.requestId());
 * ... handle ...
 * res.header(RequestTimer.RESPONSE_TIME_HEADER, t.finish(res.status()));
 * }</pre>
 *
 * <p>Each finished request is recorded in {@code janua_http_request_duration_seconds} (a
 * histogram) and {@code janua_http_requests_total}, both tagged {@code method}, {@code path} (the
 * route template) and {@code status}, and in the snapshot's {@code endpoint_performance} under
 * {@code METHOD:path}. A request slower than the threshold ({@code LOG_SLOW_REQUEST_THRESHOLD},
 * default 200 ms) is reported to the {@link SlowRequestLog}. Nothing here ever throws into the
 * adapter once a request has started.
 */
public final class RequestTimer {
  /** The request id header, {@code X-Request-ID}. */
  public static final String REQUEST_ID_HEADER = "X-Request-ID";

  /** The response time header, {@code X-Response-Time}, valued like {@code 23.45ms}. */
  public static final String RESPONSE_TIME_HEADER = "X-Response-Time";

  /** The bucket boundaries of the request duration histogram. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final int MAX_ENDPOINTS = 1000;
  private static final int MAX_SERIES = 4000;

  private final MeterRegistry registry;
  private final LongSupplier ticker;
  private final Duration slowThreshold;
  private final long slowThresholdNanos;
  private final SlowRequestLog slowLog;
  private final EndpointStats endpoints = new EndpointStats(MAX_ENDPOINTS);
  private final ConcurrentHashMap<String, Meters> meters = new ConcurrentHashMap<>();

  RequestTimer(
      MeterRegistry registry, LongSupplier ticker, Duration slowThreshold, SlowRequestLog slowLog) {
    this.registry = registry;
    this.ticker = ticker;
    this.slowThreshold = slowThreshold;
    this.slowThresholdNanos = slowThreshold.toNanos();
    this.slowLog = slowLog;
  }

  /**
   * Starts timing a request.
   *
   * @param method            the HTTP method, e.g. {@code POST}; unknown methods (and null) are
   *                          tagged {@code OTHER}
   * @param pathTemplate      the route template, e.g. {@code /api/v1/organizations/{id}/members},
   *                          never the raw path; segments that look like ids, emails or IP
   *                          addresses are replaced by {@code {id}} as a safety net; null
   *                          (no route matched) is tagged {@code unknown}
   * @param incomingRequestId the request's {@code X-Request-ID} header, or null; kept only when it
   *                          is 1 to 128 characters of {@code [A-Za-z0-9._-]}
   * @return the running request
   */
  public TimedRequest start(@Nullable String method, @Nullable String pathTemplate,
      @Nullable String incomingRequestId) {
    String m = TagValues.method(method);
    String p = TagValues.path(pathTemplate);
    String id = wellFormedRequestId(incomingRequestId) ? incomingRequestId : newRequestId();
    return new TimedRequest(this, m, p, id, ticker.getAsLong());
  }

  /** The slow-request threshold in force. */
  public Duration slowRequestThreshold() {
    return slowThreshold;
  }

  /**
   * Whether {@code id} is acceptable as a request id: 1 to 128 characters of letters, digits,
   * {@code .}, {@code _} and {@code -}.
   */
  public static boolean wellFormedRequestId(@Nullable String id) {
    return id != null && REQUEST_ID.matcher(id).matches();
  }

  /** Formats a duration as the {@code X-Response-Time} value, e.g. {@code 23.45ms}. */
  public static String formatResponseTime(long nanos) {
    return String.format(Locale.ROOT, "%.2fms", Math.max(0, nanos) / 1e6);
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  long now() {
    return ticker.getAsLong();
  }

  EndpointStats endpoints() {
    return endpoints;
  }

  /** Records a finished request; never throws. */
  void record(String method, String path, int status, long nanos, boolean threw) {
    long elapsed = Math.max(0, nanos);
    Guard.run(
        "request timer meters",
        () -> {
          String status3 = TagValues.status(status);
          String key = method + " " + path + " " + status3;
          Meters ms = meters.get(key);
          if (ms == null) {
            // bound the series: past the cap, new endpoints share one "other" path
            String p = meters.size() >= MAX_SERIES ? TagValues.OTHER : path;
            ms = meters.computeIfAbsent(method + " " + p + " " + status3, k -> newMeters(method, p, status3));
          }
          ms.timer.record(elapsed, TimeUnit.NANOSECONDS);
          ms.counter.increment();
        });
    Guard.run(
        "endpoint statistics",
        () -> endpoints.record(endpoints.key(method, path), elapsed, threw || status >= 500));
    if (elapsed > slowThresholdNanos) {
      Guard.run(
          "SlowRequestLog.slowRequest",
          () -> slowLog.slowRequest(method, path, EndpointStats.millis(elapsed), status));
    }
  }

  private Meters newMeters(String method, String path, String status) {
    Timer timer =
        Timer.builder(MeterNames.HTTP_REQUEST_DURATION)
            .description("HTTP request latency by method, route template and status")
            .tags("method", method, "path", path, "status", status)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    Counter counter =
        Counter.builder(MeterNames.HTTP_REQUESTS)
            .description("HTTP requests by method, route template and status")
            .tags("method", method, "path", path, "status", status)
            .register(registry);
    return new Meters(timer, counter);
  }

  private record Meters(Timer timer, Counter counter) {}
}
