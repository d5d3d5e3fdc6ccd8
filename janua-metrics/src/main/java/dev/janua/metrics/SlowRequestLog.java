package dev.janua.metrics;

import dev.janua.metrics.internal.Slf4jSlowRequestLog;

/**
 * Where {@link RequestTimer} reports a request slower than its threshold. The default, {@link
 * #slf4j()}, writes a structured WARN; a host may send it anywhere else. Whatever an implementation
 * throws is logged and suppressed.
 */
@FunctionalInterface
public interface SlowRequestLog {

  /**
   * The slf4j log: a WARN "Slow request detected" on logger {@code dev.janua.metrics.RequestTimer}
   * with key-values {@code method}, {@code path}, {@code duration_ms} and {@code status_code}.
   */
  static SlowRequestLog slf4j() {
    return new Slf4jSlowRequestLog();
  }

  /**
   * A request took longer than the threshold.
   *
   * @param method       the HTTP method tag, e.g. {@code GET}
   * @param pathTemplate the route template tag, e.g. {@code /api/v1/organizations/{id}/members}
   * @param durationMs   how long it took, in milliseconds
   * @param status       the response status
   */
  void slowRequest(String method, String pathTemplate, double durationMs, int status);
}
