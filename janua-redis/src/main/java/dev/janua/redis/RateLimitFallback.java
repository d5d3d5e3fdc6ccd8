package dev.janua.redis;

/**
 * What the shared rate limiter does for a category while Redis is unreachable (a command failed or
 * timed out, or the circuit breaker is open).
 */
public enum RateLimitFallback {
  /** Decide with the local, per-instance limiter: requests go on, limited per instance. */
  OPEN,
  /** Refuse every request of the category until Redis answers again. */
  CLOSED
}
