package dev.janua;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SigningKeys#maintain()} every key reload interval on one daemon thread, owned by the
 * engine and stopped when it closes. A failed run is logged; the next one tries again.
 */
final class KeySchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeySchedule.class);

  private final ScheduledExecutorService executor;

  private KeySchedule(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static KeySchedule start(SigningKeys keys, Duration every) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "janua-key-schedule");
      t.setDaemon(true);
      return t;
    });
    long millis = every.toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        keys.maintain();
      } catch (RuntimeException e) {
        LOG.warn("The signing key schedule failed; trying again in {}: {}", every, e.toString());
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return new KeySchedule(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
