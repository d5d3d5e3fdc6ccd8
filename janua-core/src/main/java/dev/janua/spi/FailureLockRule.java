package dev.janua.spi;

/**
 * The numbers of a failure lock (the per-account signin throttle): after {@code threshold}
 * failures counted within {@code windowMs} of the first, the key is locked for {@code baseLockMs},
 * and each further failure (possible once a lock has ended, or from a caller the lock does not
 * apply to) doubles the lock, up to {@code windowMs}. See {@code dev.janua.internal.FailureLocks}
 * for the exact arithmetic every {@link RateLimitStore} applies.
 *
 * @param threshold  failures before the first lock, at least 1
 * @param windowMs   the counting window and the longest lock, in milliseconds, positive
 * @param baseLockMs the first lock, in milliseconds, positive
 */
public record FailureLockRule(int threshold, long windowMs, long baseLockMs) {

  /** Checks the ranges. */
  public FailureLockRule {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    if (windowMs <= 0 || baseLockMs <= 0) {
      throw new IllegalArgumentException("windowMs and baseLockMs must be positive");
    }
  }
}
