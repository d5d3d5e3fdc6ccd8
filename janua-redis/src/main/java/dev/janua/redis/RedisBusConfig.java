package dev.janua.redis;

import dev.janua.internal.EnvReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RedisInvalidationBus} watches itself and waits for other instances.
 *
 * <ul>
 *   <li>{@code heartbeat} ({@value #HEARTBEAT_VARIABLE}, default 1000 ms): each instance makes one
 *       round trip to Redis this often (it reads the last sequence number and registers itself as
 *       live);
 *   <li>{@code timeout} ({@value #TIMEOUT_VARIABLE}, default 3000 ms, at least twice the
 *       heartbeat): without a confirmed heartbeat for this long the bus is lost. An instance
 *       notices a lost bus within {@code timeout + heartbeat};
 *   <li>{@code ackTimeout} ({@value #ACK_TIMEOUT_VARIABLE}, default 2000 ms, zero: do not wait):
 *       how long a publishing call waits for every live instance to confirm it applied the
 *       invalidation.
 * </ul>
 *
 * @param heartbeat  time between two heartbeats, 10 ms to 1 minute
 * @param timeout    time without a confirmed heartbeat after which the bus is lost
 * @param ackTimeout longest wait for the other instances' acknowledgements, up to 1 minute
 */
public record RedisBusConfig(Duration heartbeat, Duration timeout, Duration ackTimeout) {
  /** Variable of the heartbeat period, in milliseconds. */
  public static final String HEARTBEAT_VARIABLE = "CACHE_BUS_HEARTBEAT_MS";
  /** Variable of the bus timeout, in milliseconds. */
  public static final String TIMEOUT_VARIABLE = "CACHE_BUS_TIMEOUT_MS";
  /** Variable of the acknowledgement timeout, in milliseconds. */
  public static final String ACK_TIMEOUT_VARIABLE = "CACHE_BUS_ACK_TIMEOUT_MS";

  private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);
  private static final Duration MAX = Duration.ofMinutes(1);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting and its variable when one is out of range
   */
  public RedisBusConfig {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (heartbeat.compareTo(MIN_HEARTBEAT) < 0 || heartbeat.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("heartbeat (" + HEARTBEAT_VARIABLE
          + ") must be 10 ms to 1 minute, was " + heartbeat.toMillis() + " ms");
    }
    if (timeout.compareTo(heartbeat.multipliedBy(2)) < 0 || timeout.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("timeout (" + TIMEOUT_VARIABLE
          + ") must be at least twice the heartbeat and at most 1 minute, was "
          + timeout.toMillis() + " ms");
    }
    if (ackTimeout.isNegative() || ackTimeout.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("ackTimeout (" + ACK_TIMEOUT_VARIABLE
          + ") must be 0 to 1 minute, was " + ackTimeout.toMillis() + " ms");
    }
  }

  /** 1 s heartbeat, 3 s timeout, 2 s acknowledgement timeout. */
  public static RedisBusConfig defaults() {
    return new RedisBusConfig(Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofSeconds(2));
  }

  /**
   * The defaults overridden by {@value #HEARTBEAT_VARIABLE}, {@value #TIMEOUT_VARIABLE} and
   * {@value #ACK_TIMEOUT_VARIABLE} (whole milliseconds).
   *
   * @throws dev.janua.JanuaConfigException naming the variable when a value is malformed or out
   *     of range
   */
  public static RedisBusConfig fromEnv(Map<String, String> env) {
    EnvReader r = EnvReader.of(Objects.requireNonNull(env, "env"));
    long heartbeat = r.longValue(HEARTBEAT_VARIABLE, 1000, MIN_HEARTBEAT.toMillis(),
        MAX.toMillis());
    long timeout = r.longValue(TIMEOUT_VARIABLE, Math.max(3000, 2 * heartbeat), 2 * heartbeat,
        MAX.toMillis());
    long ack = r.longValue(ACK_TIMEOUT_VARIABLE, 2000, 0, MAX.toMillis());
    return new RedisBusConfig(Duration.ofMillis(heartbeat), Duration.ofMillis(timeout),
        Duration.ofMillis(ack));
  }

  /**
   * The longest time an instance may go on answering from its in-process tier after it stopped
   * receiving invalidations: {@code timeout + heartbeat}.
   */
  public Duration stalenessBound() {
    return timeout.plus(heartbeat);
  }
}
