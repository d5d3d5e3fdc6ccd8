package dev.janua.redis.internal;

import dev.failsafe.CircuitBreaker;

/**
 * The state of the shared rate limiter's circuit breaker, without Failsafe's type. The same three
 * states as janua-cache's {@code BreakerState}, which replaces this enum once both modules meet.
 */
public enum CircuitState {
  /** Decisions go to Redis; consecutive failures are counted. */
  CLOSED,
  /** Redis is not tried; every decision is the fallback's until the recovery delay has passed. */
  OPEN,
  /** The recovery delay has passed: the next decision tries Redis again. */
  HALF_OPEN;

  /** The state of a Failsafe circuit breaker. */
  public static CircuitState of(CircuitBreaker<?> breaker) {
    return switch (breaker.getState()) {
      case CLOSED -> CLOSED;
      case OPEN -> OPEN;
      case HALF_OPEN -> HALF_OPEN;
    };
  }
}
