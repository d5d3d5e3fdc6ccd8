package dev.janua.jdbc.internal;

import dev.janua.jdbc.SlowQueryListener;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jdbi {@link SqlLogger} that reports statements at or over a threshold to a
 * {@link SlowQueryListener}, by the name the store gave the statement (attribute
 * {@value #STATEMENT}), never with its SQL or bound values.
 */
public final class SlowQueryLogger implements SqlLogger {
  /** The statement attribute holding the statement's name. */
  public static final String STATEMENT = "janua_statement";

  private static final Logger LOG = LoggerFactory.getLogger(SlowQueryLogger.class);

  private final long thresholdNanos;
  private final SlowQueryListener listener;

  /** Reports statements taking at least {@code threshold} to {@code listener}. */
  public SlowQueryLogger(Duration threshold, SlowQueryListener listener) {
    this.thresholdNanos = threshold.toNanos();
    this.listener = listener;
  }

  @Override
  public void logAfterExecution(StatementContext context) {
    report(context);
  }

  @Override
  public void logException(StatementContext context, SQLException ex) {
    report(context);
  }

  private void report(StatementContext context) {
    Object name = context.getAttribute(STATEMENT);
    report(name == null ? "unnamed" : name.toString(), context.getElapsedTime(ChronoUnit.NANOS));
  }

  /** Reports {@code statement} when {@code nanos} reach the threshold (also for plain JDBC). */
  void report(String statement, long nanos) {
    if (nanos < thresholdNanos) {
      return;
    }
    try {
      listener.slowQuery(statement, Duration.ofNanos(nanos));
    } catch (RuntimeException e) {
      LOG.warn("Slow-query listener failed on {}; suppressed", statement, e);
    }
  }
}
