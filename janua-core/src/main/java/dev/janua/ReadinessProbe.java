package dev.janua;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the readiness checks in parallel, each within the timeout, on an executor the engine owns.
 *
 * <p>Bounded: the executor has one thread per check and a queue of a few probes' worth of checks,
 * so a flood of {@code /ready} requests or a check that ignores interruption cannot grow the
 * thread count; a check that finds no room is reported as {@code busy}. Coalesced: callers that
 * arrive while a probe runs wait for that probe's result instead of starting another, so at most
 * one probe is in flight at a time.
 */
final class ReadinessProbe implements AutoCloseable {
  /** How many probes' worth of checks may wait behind hung ones before checks are refused. */
  private static final int QUEUED_PROBES = 4;

  private final List<HealthCheck> checks;
  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  private final AtomicReference<CompletableFuture<Readiness>> inFlight = new AtomicReference<>();

  ReadinessProbe(List<HealthCheck> checks, Duration timeout) {
    this.checks = List.copyOf(checks);
    this.timeout = timeout;
    int threads = Math.max(1, this.checks.size());
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * QUEUED_PROBES), r -> {
          Thread t = new Thread(r, "janua-ready-check");
          t.setDaemon(true);
          return t;
        });
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** The readiness: the result of the probe in flight, or of a new one when none runs. */
  Readiness run() {
    CompletableFuture<Readiness> mine = new CompletableFuture<>();
    CompletableFuture<Readiness> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running.join();
    }
    try {
      Readiness r = probe();
      mine.complete(r);
      return r;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.compareAndSet(mine, null);
    }
  }

  /** The size of the executor's pool: one thread per check. */
  int maxThreads() {
    return executor.getMaximumPoolSize();
  }

  private Readiness probe() {
    Map<String, Future<HealthStatus>> running = new LinkedHashMap<>();
    for (HealthCheck check : checks) {
      Future<HealthStatus> f;
      try {
        f = executor.submit(check::check);
      } catch (RejectedExecutionException e) {
        f = CompletableFuture.completedFuture(new HealthStatus(false, "busy"));
      }
      running.put(check.name(), f);
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
