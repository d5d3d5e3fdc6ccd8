package dev.janua.internal;

import dev.janua.spi.FailureLockRule;

/**
 * The failure lock that every {@code RateLimitStore} applies to a key (the per-account signin
 * throttle), so that the local and the shared store decide alike. A key's state is three numbers,
 * all epoch milliseconds but the first: {@code failures}, {@code lockedUntil} and {@code
 * expiresAt}, the instant the whole state is forgotten.
 *
 * <p>A failure at {@code now}: when the state has expired it starts afresh ({@code failures = 0},
 * {@code expiresAt = now + window}: the count is of failures within one window of the first);
 * {@code failures} grows by one; from the threshold on, the key is locked for {@link #lockMs}
 * (base, doubling with each failure past the threshold, at most the window) from {@code now},
 * and the state then lives at least one window past the end of the lock. So failures are
 * forgotten only after a whole window without a lock or a new count, and an attacker who resumes
 * when a lock ends meets a doubled one at once.
 */
public final class FailureLocks {
  private FailureLocks() {}

  /** The lock after the given number of failures: 0 below the threshold. */
  public static long lockMs(FailureLockRule rule, long failures) {
    if (failures < rule.threshold()) {
      return 0;
    }
    long shift = Math.min(failures - rule.threshold(), 40);
    long lock = rule.baseLockMs() << Math.min(shift, Long.numberOfLeadingZeros(rule.baseLockMs()) - 1);
    return Math.min(lock, rule.windowMs());
  }

  /**
   * Applies one failure to a state {@code {failures, lockedUntil, expiresAt}} in place (an expired
   * or absent state is all zeros or expired).
   */
  public static void fail(FailureLockRule rule, long[] state, long nowMs) {
    if (state[2] <= nowMs) {
      state[0] = 0;
      state[1] = 0;
      state[2] = nowMs + rule.windowMs();
    }
    state[0]++;
    long lock = lockMs(rule, state[0]);
    if (lock > 0) {
      state[1] = Math.max(state[1], nowMs + lock);
      state[2] = Math.max(state[2], state[1] + rule.windowMs());
    }
  }

  /** The end of the lock a state holds at {@code nowMs}, or 0 when it holds none. */
  public static long lockedUntil(long lockedUntil, long expiresAt, long nowMs) {
    return expiresAt > nowMs && lockedUntil > nowMs ? lockedUntil : 0;
  }
}
