package dev.janua.testing;

import dev.janua.Notification;
import dev.janua.spi.Notifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Notifier} for tests: keeps every message the engine delivers, so a test can take the
 * link out of it ({@code AuthEngine.builder().notifier(recorder)}). Delivery is asynchronous:
 * {@link #next(Class)} waits (up to ten seconds) for the next message of a kind.
 */
public final class RecordingNotifier implements Notifier {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final BlockingQueue<Notification> delivered = new LinkedBlockingQueue<>();

  /** An empty recorder. */
  public RecordingNotifier() {}

  @Override
  public void deliver(Notification notification) {
    delivered.add(notification);
  }

  /**
   * The next delivered message of this type, skipping others; waits up to ten seconds.
   *
   * @throws AssertionError when none arrives in time
   */
  public <T extends Notification> T next(Class<T> type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Notification n = delivered.poll(Math.max(0, deadline - System.nanoTime()),
          TimeUnit.NANOSECONDS);
      if (n == null) {
        throw new AssertionError("no " + type.getSimpleName() + " was delivered within " + WAIT);
      }
      if (type.isInstance(n)) {
        return type.cast(n);
      }
    }
  }

  /** The messages delivered and not yet taken, oldest first; takes them. */
  public List<Notification> drain() {
    List<Notification> out = new ArrayList<>();
    delivered.drainTo(out);
    return out;
  }

  /** The token of a link ({@code ...?token=...}). */
  public static String token(String link) {
    int i = link.indexOf("token=");
    if (i < 0) {
      throw new IllegalArgumentException("not a link with a token");
    }
    return link.substring(i + "token=".length());
  }
}
