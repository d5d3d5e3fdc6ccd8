package dev.janua.cache;

/**
 * The state of a circuit breaker around a shared backend (the L2 tier of {@link TieredCache}, or
 * any other Janua component that guards a remote call the same way).
 */
public enum BreakerState {
  /** Calls go through; consecutive failures are counted. */
  CLOSED,
  /** Calls are skipped (reads are misses, writes are dropped) until the open delay has passed. */
  OPEN,
  /** The open delay has passed: the next call is a trial that closes or reopens the circuit. */
  HALF_OPEN
}
