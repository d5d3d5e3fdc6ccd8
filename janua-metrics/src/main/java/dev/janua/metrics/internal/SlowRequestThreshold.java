package dev.janua.metrics.internal;

import dev.janua.internal.EnvReader;
import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Reads {@code LOG_SLOW_REQUEST_THRESHOLD} (whole milliseconds, default 200). */
public final class SlowRequestThreshold {
  /** The environment variable. */
  public static final String VARIABLE = "LOG_SLOW_REQUEST_THRESHOLD";

  /** The guide's default. */
  public static final Duration DEFAULT = Duration.ofMillis(200);

  /** The largest threshold accepted, from the environment or in code. */
  public static final Duration MAX = Duration.ofHours(1);

  private SlowRequestThreshold() {}

  /**
   * The threshold from {@code env}, or {@link #DEFAULT} when unset or blank.
   *
   * @throws JanuaConfigException naming the variable when the value is not a whole number of
   *     milliseconds from 0 to 3600000
   */
  public static Duration fromEnv(Map<String, String> env) {
    return Duration.ofMillis(
        EnvReader.of(env).longValue(VARIABLE, DEFAULT.toMillis(), 0, MAX.toMillis()));
  }

  /**
   * Checks a threshold set in code against the range the variable accepts.
   *
   * @return {@code threshold}
   * @throws NullPointerException     if {@code threshold} is null
   * @throws IllegalArgumentException naming the variable when it is negative or over an hour
   */
  public static Duration check(Duration threshold) {
    Objects.requireNonNull(threshold, VARIABLE + " (the slow-request threshold)");
    if (threshold.isNegative() || threshold.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(VARIABLE + " (the slow-request threshold) must be from 0 to "
          + MAX.toMillis() + " ms, got " + threshold);
    }
    return threshold;
  }
}
