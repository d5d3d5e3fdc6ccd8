package dev.janua.metrics.internal;

import dev.janua.metrics.SlowRequestLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a slow request as an slf4j WARN with structured key-values {@code method}, {@code path},
 * {@code duration_ms} and {@code status_code} (the guide's field names), message "Slow request
 * detected".
 */
public final class Slf4jSlowRequestLog implements SlowRequestLog {
  /** The logger name: {@code dev.janua.metrics.RequestTimer}. */
  public static final String LOGGER_NAME = "dev.janua.metrics.RequestTimer";

  private final Logger logger;

  /** Logs through {@code logger}. */
  public Slf4jSlowRequestLog(Logger logger) {
    this.logger = logger;
  }

  /** Logs through the {@link #LOGGER_NAME} logger. */
  public Slf4jSlowRequestLog() {
    this(LoggerFactory.getLogger(LOGGER_NAME));
  }

  @Override
  public void slowRequest(String method, String pathTemplate, double durationMs, int status) {
    logger
        .atWarn()
        .addKeyValue("method", method)
        .addKeyValue("path", pathTemplate)
        .addKeyValue("duration_ms", durationMs)
        .addKeyValue("status_code", status)
        .log("Slow request detected");
  }
}
