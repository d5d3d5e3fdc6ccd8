package dev.janua;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the readiness checks in parallel, each within the timeout, on an executor the engine owns. */
final class ReadinessProbe implements AutoCloseable {
  private final List<HealthCheck> checks;
  private final Duration timeout;
  private final ExecutorService executor;

  ReadinessProbe(List<HealthCheck> checks, Duration timeout) {
    this.checks = List.copyOf(checks);
    this.timeout = timeout;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "janua-ready-check");
      t.setDaemon(true);
      return t;
    });
  }

  Readiness run() {
    Map<String, Future<HealthStatus>> running = new LinkedHashMap<>();
    for (HealthCheck check : checks) {
      running.put(check.name(), executor.submit(check::check));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> results = new LinkedHashMap<>();
    boolean ready = true;
    for (Map.Entry<String, Future<HealthStatus>> e : running.entrySet()) {
      String detail;
      boolean up = false;
      try {
        HealthStatus s = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        up = s != null && s.up();
        detail = s == null ? "no answer" : s.detail();
      } catch (TimeoutException ex) {
        e.getValue().cancel(true);
        detail = "timed out after " + timeout.toMillis() + " ms";
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        detail = "interrupted";
      } catch (Exception ex) {
        Throwable cause = ex.getCause() == null ? ex : ex.getCause();
        detail = "failed: " + cause.getClass().getSimpleName();
      }
      results.put(e.getKey(), up ? "ok" : detail);
      ready &= up;
    }
    return new Readiness(ready, results);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
