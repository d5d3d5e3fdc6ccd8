package dev.janua;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine delivers {@link Notification}s through its {@link dev.janua.spi.Notifier}: at
 * most {@code maxAttempts} tries per message, waiting {@code initialBackoff} after the first
 * failure and twice as long after each next one (capped at 10 minutes), with at most {@code
 * queueCapacity} messages waiting; a message that finds the queue full is dropped and counted.
 *
 * @param maxAttempts    tries per message, 1 to 20 (default 5)
 * @param initialBackoff wait after the first failure, zero to 10 minutes (default 2 seconds)
 * @param queueCapacity  messages waiting at most, 1 to 1,000,000 (default 10,000)
 */
public record DeliveryPolicy(int maxAttempts, Duration initialBackoff, int queueCapacity) {
  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /**
   * Checks each value.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public DeliveryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be 1 to 20, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.compareTo(MAX_BACKOFF) > 0) {
      throw new IllegalArgumentException("initialBackoff must be 0 to 10 minutes, got "
          + initialBackoff);
    }
    if (queueCapacity < 1 || queueCapacity > 1_000_000) {
      throw new IllegalArgumentException("queueCapacity must be 1 to 1000000, got "
          + queueCapacity);
    }
  }

  /** 5 attempts, 2 seconds initial backoff, 10,000 messages waiting. */
  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(5, Duration.ofSeconds(2), 10_000);
  }

  /** The wait before attempt {@code attempt + 1} after {@code attempt} (1-based) failed. */
  Duration backoffAfter(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
