package dev.janua.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Starts tasks at the same moment on threads of their own and collects what each returned or
 * threw. One pool serves many rounds, so a suite can run a race fifty times cheaply.
 */
final class Race implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;
  private final ExecutorService pool;
  private final int threads;

  Race(int threads) {
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "janua-contract-race");
      t.setDaemon(true);
      return t;
    });
  }

  /** What one task did: its value, or what it threw. */
  record Attempt<T extends @Nullable Object>(@Nullable T value, @Nullable Throwable error) {
    boolean succeeded() {
      return error == null;
    }
  }

  /** Runs every task at once (at most one per thread) and waits for all of them. */
  <T extends @Nullable Object> List<Attempt<T>> run(List<Callable<T>> tasks)
      throws InterruptedException {
    if (tasks.size() > threads) {
      throw new IllegalArgumentException("more tasks than threads: " + tasks.size());
    }
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        return task.call();
      }));
    }
    ready.await();
    go.countDown();
    List<Attempt<T>> out = new ArrayList<>();
    for (Future<T> f : futures) {
      try {
        out.add(new Attempt<>(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null));
      } catch (ExecutionException e) {
        out.add(new Attempt<>(null, e.getCause()));
      } catch (TimeoutException e) {
        throw new AssertionError("a racing store call took more than " + TIMEOUT_SECONDS
            + " s: a deadlock?", e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
