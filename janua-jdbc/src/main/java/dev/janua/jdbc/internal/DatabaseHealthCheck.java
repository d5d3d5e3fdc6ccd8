package dev.janua.jdbc.internal;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code database} readiness check: borrows a connection and asks the driver whether it is
 * valid, on a worker thread, answering down when that takes longer than the timeout (a pool
 * waiting for a PostgreSQL that is gone would otherwise hold the caller for the pool timeout).
 */
public final class DatabaseHealthCheck implements HealthCheck {
  private final DataSource dataSource;
  private final Duration timeout;
  private final ExecutorService executor;

  /** Checks {@code dataSource}, answering within {@code timeout}, on {@code executor}'s threads. */
  public DatabaseHealthCheck(DataSource dataSource, Duration timeout, ExecutorService executor) {
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.executor = executor;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public HealthStatus check() {
    Future<HealthStatus> probe;
    try {
      probe = executor.submit(this::probe);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return HealthStatus.down("store closed");
    }
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      probe.cancel(true);
      return HealthStatus.down("no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return HealthStatus.down("unreachable: " + describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.cancel(true);
      return HealthStatus.down("interrupted");
    }
  }

  private HealthStatus probe() throws SQLException {
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(seconds) ? HealthStatus.ok() : HealthStatus.down("connection not valid");
    }
  }

  private static String describe(@Nullable Throwable t) {
    if (t instanceof SQLException s && s.getSQLState() != null) {
      return t.getClass().getSimpleName() + " (SQLState " + s.getSQLState() + ")";
    }
    return t == null ? "unknown" : t.getClass().getSimpleName();
  }
}
