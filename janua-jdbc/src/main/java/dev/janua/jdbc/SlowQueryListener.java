package dev.janua.jdbc;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of every statement that took at least the slow-query threshold
 * ({@code LOG_SLOW_QUERY_THRESHOLD}). It is told the statement's name and duration only, never the
 * SQL text's bound values. An exception thrown by a listener is logged and suppressed.
 */
@FunctionalInterface
public interface SlowQueryListener {

  /**
   * One slow statement.
   *
   * @param statement the statement's stable name, e.g. {@code users.insert}
   * @param elapsed   how long it ran
   */
  void slowQuery(String statement, Duration elapsed);

  /**
   * The default: a WARN line on the slf4j logger {@code dev.janua.jdbc.SlowQuery}, e.g.
   * {@code Slow query: users.find_by_email took 153 ms}.
   */
  static SlowQueryListener logging() {
    Logger log = LoggerFactory.getLogger("dev.janua.jdbc.SlowQuery");
    return (statement, elapsed) ->
        log.warn("Slow query: {} took {} ms", statement, elapsed.toMillis());
  }
}
