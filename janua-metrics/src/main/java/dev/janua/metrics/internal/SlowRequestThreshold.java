package dev.janua.metrics.internal;

import dev.janua.internal.EnvReader;
import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;

/** Reads {@code LOG_SLOW_REQUEST_THRESHOLD} (whole milliseconds, default 200). */
public final class SlowRequestThreshold {
  /** The environment variable. */
  public static final String VARIABLE = "LOG_SLOW_REQUEST_THRESHOLD";

  /** The guide's default. */
  public static final Duration DEFAULT = Duration.ofMillis(200);

  private SlowRequestThreshold() {}

  /**
   * The threshold from {@code env}, or {@link #DEFAULT} when unset or blank.
   *
   * @throws JanuaConfigException naming the variable when the value is not a whole number of
   *     milliseconds from 0 to 3600000
   */
  public static Duration fromEnv(Map<String, String> env) {
    return Duration.ofMillis(
        EnvReader.of(env).longValue(VARIABLE, DEFAULT.toMillis(), 0, 3_600_000L));
  }
}
