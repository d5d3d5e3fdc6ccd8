package dev.janua;

import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.Notifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How engine services send a {@link Notification}: {@link #send} queues it and returns at once;
 * one daemon thread owned by the engine delivers it through the {@link Notifier}, retrying by the
 * {@link DeliveryPolicy}. The caller never waits for, nor learns about, a delivery. Outcomes are
 * counted by {@link MetricsRecorder#notification}: {@code delivered}, {@code retried}, {@code
 * failed} (attempts exhausted), {@code dropped} (queue full or engine closed). Logs name the kind
 * and the exception class, never a recipient, link or exception message.
 */
final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final @Nullable Notifier notifier;
  private final DeliveryPolicy policy;
  private final MetricsRecorder metrics;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicInteger pending = new AtomicInteger();
  private final Set<String> warnedKinds = ConcurrentHashMap.newKeySet();

  /**
   * @param notifier where messages go; {@code null}: none configured, every message is dropped
   *     with a warning (kind only, once per kind)
   */
  Outbox(@Nullable Notifier notifier, DeliveryPolicy policy, MetricsRecorder metrics) {
    this.notifier = notifier;
    this.policy = policy;
    this.metrics = metrics;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "janua-outbox");
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Queues a message for delivery; never blocks and never throws for a delivery problem. */
  void send(Notification notification) {
    if (notifier == null) {
      if (warnedKinds.add(notification.kind())) {
        LOG.warn("No notifier configured: a {} message was dropped, as will be every later one "
            + "(see AuthEngineBuilder.notifier)", notification.kind());
      }
      metrics.notification(notification.kind(), "dropped");
      return;
    }
    if (pending.incrementAndGet() > policy.queueCapacity()) {
      pending.decrementAndGet();
      LOG.warn("Notification queue full ({}): a {} message was dropped", policy.queueCapacity(),
          notification.kind());
      metrics.notification(notification.kind(), "dropped");
      return;
    }
    try {
      executor.execute(() -> attempt(notification, 1));
    } catch (RuntimeException e) { // rejected: the engine is closing
      pending.decrementAndGet();
      metrics.notification(notification.kind(), "dropped");
    }
  }

  private void attempt(Notification n, int attempt) {
    Notifier target = notifier;
    if (target == null) {
      return;
    }
    try {
      target.deliver(n);
      pending.decrementAndGet();
      metrics.notification(n.kind(), "delivered");
    } catch (Exception | LinkageError e) {
      if (attempt >= policy.maxAttempts()) {
        pending.decrementAndGet();
        LOG.error("Delivering a {} message failed after {} attempts ({})", n.kind(), attempt,
            e.getClass().getName());
        metrics.notification(n.kind(), "failed");
        return;
      }
      long delay = policy.backoffAfter(attempt).toMillis();
      LOG.warn("Delivering a {} message failed (attempt {} of {}, {}); retrying in {} ms", n.kind(),
          attempt, policy.maxAttempts(), e.getClass().getName(), delay);
      metrics.notification(n.kind(), "retried");
      try {
        executor.schedule(() -> attempt(n, attempt + 1), delay, TimeUnit.MILLISECONDS);
      } catch (RuntimeException rejected) {
        pending.decrementAndGet();
        metrics.notification(n.kind(), "dropped");
      }
    }
  }

  /** Messages queued or waiting for a retry. */
  int pending() {
    return pending.get();
  }

  /**
   * Stops delivery: what is queued for now is still attempted for up to five seconds; retries
   * scheduled for later are dropped.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
