package dev.janua.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The time one {@link TieredCache}'s L1 reads: a Caffeine {@link Ticker} whose {@link #read()} is
 * a field read, refreshed from an exact source every {@link #RESOLUTION} by a daemon thread named
 * {@value #THREAD_NAME} that this ticker owns, so that an L1 hit does not pay a {@link
 * System#nanoTime()} call (about 17 ns on a virtual machine, several times a bare Caffeine read).
 *
 * <p>Each cache has its own ticker and thread; nothing is shared across the JVM, and there is no
 * static mutable state. {@link #close()} stops the thread and waits for it to end. A ticker whose cache is
 * dropped without being closed does not keep its thread: the thread holds the ticker weakly and
 * ends once the ticker is garbage collected.
 *
 * <p>The time read lags the source by at most one resolution, more only while the JVM does not
 * schedule the thread. Writes should take their time from the {@link #source()}, so that an entry
 * never expires before its time to live; reads then see it expire at most one resolution late.
 */
final class CoarseTicker implements Ticker, AutoCloseable {
  /**
   * How often the thread refreshes the time. Each wake-up costs the thread about 20 to 35 us of CPU
   * on a virtual machine: every 10 ms that is about 0.4% of one core, every 1 ms about 2%, for an
   * entry outliving a time to live of a minute or more by 10 ms instead of 1 ms.
   */
  static final Duration RESOLUTION = Duration.ofMillis(10);
  /** The name of the refreshing thread. */
  static final String THREAD_NAME = "janua-cache-ticker";

  private final Ticker source;
  private volatile long now;
  private volatile boolean stopped;
  private final @Nullable Thread thread;

  private CoarseTicker(Ticker source, boolean ownThread) {
    this.source = source;
    this.now = source.read();
    if (ownThread) {
      WeakReference<CoarseTicker> self = new WeakReference<>(this);
      long period = RESOLUTION.toNanos();
      Thread t = new Thread(() -> refreshWhileReachable(self, period), THREAD_NAME);
      t.setDaemon(true);
      this.thread = t;
      t.start();
    } else {
      this.thread = null;
    }
  }

  /** A ticker over {@code source} whose own thread refreshes it every {@link #RESOLUTION}. */
  static CoarseTicker started(Ticker source) {
    return new CoarseTicker(source, true);
  }

  /**
   * The ticker a cache owns: a {@link #started} one over the system time when its L1 is on; none
   * for another clock (a test's, which L1 reads exactly) or an L1 of size 0.
   */
  static @Nullable CoarseTicker forCache(Ticker exact, boolean l1On) {
    return exact == Ticker.systemTicker() && l1On ? started(exact) : null;
  }

  /** A ticker over {@code source} without a thread: only {@link #refresh()} moves it (tests). */
  static CoarseTicker manual(Ticker source) {
    return new CoarseTicker(source, false);
  }

  private static void refreshWhileReachable(WeakReference<CoarseTicker> self, long period) {
    while (true) {
      CoarseTicker ticker = self.get();
      if (ticker == null || ticker.stopped) {
        return;
      }
      ticker.refresh();
      ticker = null; // hold it only weakly while parked
      LockSupport.parkNanos(period);
    }
  }

  /** The exact time of {@code clock}: Caffeine's system ticker for none or a system clock. */
  static Ticker exact(@Nullable Clock clock) {
    if (clock == null || clock.getClass() == Clock.systemUTC().getClass()) {
      return Ticker.systemTicker(); // monotonic, and cheaper than reading the wall clock
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** The source's time as of the last refresh: at most about one resolution ago. */
  @Override
  public long read() {
    return now;
  }

  /** The exact source this ticker follows ({@link System#nanoTime()} for the system ticker). */
  Ticker source() {
    return source;
  }

  /** Reads the source now. */
  void refresh() {
    now = source.read();
  }

  /** The refreshing thread, or {@code null} for a {@link #manual} ticker. */
  @Nullable Thread thread() {
    return thread;
  }

  /**
   * Stops the thread and waits until it has ended (it parks for at most one resolution). The time
   * stays where it was. Closing twice is harmless; an interrupt ends the wait early, and the thread
   * then ends on its own within one resolution.
   */
  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    LockSupport.unpark(t);
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
