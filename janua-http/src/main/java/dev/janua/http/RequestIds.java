package dev.janua.http;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Request ids and response times for adapters that run without janua-metrics' {@code
 * RequestTimer}. The rule is the timer's: an incoming {@code X-Request-ID} is kept when it is 1 to
 * 128 characters of letters, digits, {@code .}, {@code _} and {@code -} (so it is safe to log and
 * to echo), otherwise a random UUID is used.
 */
public final class RequestIds {
  /** The request id header, {@code X-Request-ID}. */
  public static final String HEADER = "X-Request-ID";
  /** The response time header, {@code X-Response-Time}, valued like {@code 23.45ms}. */
  public static final String RESPONSE_TIME_HEADER = "X-Response-Time";

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private RequestIds() {}

  /**
   * Whether {@code id} is acceptable as a request id.
   *
   * @param id a candidate, or null
   */
  public static boolean wellFormed(@Nullable String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /**
   * The id to answer with: {@code incoming} when well-formed, else a new one.
   *
   * @param incoming the request's {@code X-Request-ID}, or null
   */
  public static String resolve(@Nullable String incoming) {
    return incoming != null && wellFormed(incoming) ? incoming : newId();
  }

  /** A new random request id (a UUID). */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Formats a duration as the {@code X-Response-Time} value, e.g. {@code 23.45ms}.
   *
   * @param nanos the duration in nanoseconds; negative is taken as zero
   */
  public static String formatResponseTime(long nanos) {
    return String.format(Locale.ROOT, "%.2fms", Math.max(0, nanos) / 1e6);
  }
}
