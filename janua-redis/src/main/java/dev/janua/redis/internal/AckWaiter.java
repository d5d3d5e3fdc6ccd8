package dev.janua.redis.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The acknowledgements one publish waits for. */
public final class AckWaiter {
  private final Set<String> acked = new HashSet<>();

  /** Records that {@code instance} applied the message. */
  public synchronized void ack(String instance) {
    acked.add(instance);
    notifyAll();
  }

  /** Waits until every expected instance acknowledged; answers how many did not in time. */
  public synchronized int await(Set<String> expected, long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (!acked.containsAll(expected)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int missing = 0;
    for (String id : expected) {
      if (!acked.contains(id)) {
        missing++;
      }
    }
    return missing;
  }
}
