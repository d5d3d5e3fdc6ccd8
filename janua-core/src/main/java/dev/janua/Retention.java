package dev.janua;

import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.RetentionCutoffs;
import dev.janua.spi.RetentionStore;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of retention: computes the cutoffs from the configuration and the clock, runs
 * the store's purge on a schedule ({@code RETENTION_PURGE_INTERVAL_MINUTES}) from a daemon thread
 * shared by the engines of the JVM, and on demand, and counts what went by {@link MetricsRecorder#retentionPurged}. Runs of one
 * engine never overlap (an on-demand purge waits for a scheduled one to finish); runs of several
 * engines on one store may, which the store makes safe.
 */
final class Retention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final RetentionStore store;
  private final JanuaConfig config;
  private final Supplier<Instant> now;
  private final MetricsRecorder metrics;
  private final ReentrantLock running = new ReentrantLock();
  private final @Nullable ScheduledFuture<?> schedule;

  Retention(RetentionStore store, JanuaConfig config, Supplier<Instant> now,
      MetricsRecorder metrics) {
    this.store = store;
    this.config = config;
    this.now = now;
    this.metrics = metrics;
    Duration interval = config.retentionPurgeInterval();
    if (interval.isZero()) {
      schedule = null;
      return;
    }
    // The task holds the engine's retention weakly: an engine dropped without close() is still
    // collected, and its task ends itself at its next run.
    WeakReference<Retention> self = new WeakReference<>(this);
    long millis = interval.toMillis();
    schedule = Scheduler.EXECUTOR.scheduleWithFixedDelay(() -> {
      Retention r = self.get();
      if (r == null) {
        throw new CancellationException("engine gone"); // ends this schedule
      }
      r.scheduled();
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * The one daemon thread that runs every engine's scheduled purges in this JVM (created on first
   * use), so that engines own no thread of their own for it.
   */
  private static final class Scheduler {
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "janua-retention");
        t.setDaemon(true);
        return t;
      });
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }

  /** The cutoffs at {@code at}. */
  RetentionCutoffs cutoffs(Instant at) {
    Duration audit = config.auditRetention();
    return new RetentionCutoffs(at.minus(config.retentionGrace()),
        audit.isZero() ? null : at.minus(audit));
  }

  /** One purge now; see {@link AuthEngine#purge()}. */
  PurgeCounts purge() {
    running.lock();
    try {
      PurgeCounts counts = store.purge(cutoffs(now.get()), config.retentionBatchSize());
      for (Map.Entry<String, Long> e : counts.byKind().entrySet()) {
        if (e.getValue() > 0) {
          metrics.retentionPurged(e.getKey(), e.getValue());
        }
      }
      if (counts.total() > 0) {
        LOG.info("Retention purge deleted {}", counts.byKind());
      }
      return counts;
    } finally {
      running.unlock();
    }
  }

  private void scheduled() {
    try {
      purge();
    } catch (RuntimeException | LinkageError e) {
      // The next run tries again; the class only, no message (it could quote a value).
      LOG.warn("Scheduled retention purge failed ({}); next run in {}", e.getClass().getName(),
          config.retentionPurgeInterval());
    }
  }

  /** Stops the schedule and waits (up to five seconds) for a purge of this engine in progress. */
  @Override
  public void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    try {
      if (running.tryLock(5, TimeUnit.SECONDS)) {
        running.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
