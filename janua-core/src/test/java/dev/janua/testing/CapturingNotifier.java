package dev.janua.testing;

import dev.janua.Notification;
import dev.janua.spi.Notifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what the engine delivers; can fail the first deliveries, or every one. */
public final class CapturingNotifier implements Notifier {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final BlockingQueue<Notification> delivered = new LinkedBlockingQueue<>();
  public final List<Thread> threads = new CopyOnWriteArrayList<>();
  public final AtomicInteger attempts = new AtomicInteger();
  public volatile int failFirst;

  @Override
  public void deliver(Notification notification) throws Exception {
    threads.add(Thread.currentThread());
    if (attempts.incrementAndGet() <= failFirst) {
      throw new java.io.IOException("SMTP down");
    }
    delivered.add(notification);
  }

  /** The next delivered message, waiting for it (fails after ten seconds). */
  public Notification next() throws InterruptedException {
    Notification n = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (n == null) {
      throw new AssertionError("no notification was delivered within " + WAIT);
    }
    return n;
  }

  /** The next delivered message of this type. */
  public <T extends Notification> T next(Class<T> type) throws InterruptedException {
    while (true) {
      Notification n = next();
      if (type.isInstance(n)) {
        return type.cast(n);
      }
    }
  }

  /** Messages delivered and not yet taken by {@link #next()}. */
  public List<Notification> drain() {
    List<Notification> out = new java.util.ArrayList<>();
    delivered.drainTo(out);
    return out;
  }
}
