package dev.janua.metrics.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a metrics callback so that nothing it throws reaches the caller (Caffeine's
 * {@code GuardedStatsCounter}): the failure is logged, at WARN the first time per callback and at
 * DEBUG after that, so a broken registry cannot flood the log from a hot path.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private Guard() {}

  /** Runs {@code action}; logs and suppresses any exception or linkage error. */
  public static void run(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | LinkageError e) {
      report(what, e);
    }
  }

  /** Returns {@code action}'s value, or {@code fallback} when it throws (logged). */
  public static <T extends @Nullable Object> T get(String what, Supplier<@Nullable T> action,
      T fallback) {
    try {
      T v = action.get();
      return v == null ? fallback : v;
    } catch (RuntimeException | LinkageError e) {
      report(what, e);
      return fallback;
    }
  }

  private static void report(String what, Throwable e) {
    if (WARNED.add(what)) {
      LOG.warn("janua-metrics: {} failed and was ignored (further failures logged at DEBUG)", what, e);
    } else {
      LOG.debug("janua-metrics: {} failed and was ignored", what, e);
    }
  }
}
