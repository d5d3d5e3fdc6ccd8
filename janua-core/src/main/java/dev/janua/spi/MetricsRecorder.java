package dev.janua.spi;

import dev.janua.RateLimitCategory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receives what the engine measures. Every method has a no-op default, so implementations
 * override what they record and new events can be added without breaking them. The engine calls
 * these on hot paths: they must be cheap, and whatever they throw is logged and suppressed, never
 * failing an authentication call. Arguments never carry a user id, email, IP address or token.
 */
public interface MetricsRecorder {

  /** A recorder that records nothing. */
  static MetricsRecorder noop() {
    return NoopMetricsRecorder.INSTANCE;
  }

  /**
   * A signin finished.
   *
   * @param result {@code success}, the {@code JanuaException} code of the failure (such as
   *               {@code invalid_credentials}, {@code rate_limited}, {@code busy},
   *               {@code store_unavailable}), or {@code error} for anything unexpected
   */
  default void signinAttempt(String result) {}

  /**
   * A signup finished.
   *
   * @param result {@code success}, the {@code JanuaException} code of the failure (such as
   *               {@code conflict}, {@code validation_error}, {@code rate_limited}), or
   *               {@code error} for anything unexpected
   */
  default void signupAttempt(String result) {}

  /**
   * An engine operation finished. Every operation reports here; the default passes signin and
   * signup on to {@link #signinAttempt} and {@link #signupAttempt}, so recorders written before
   * this method keep counting them.
   *
   * @param operation the operation: {@code signup}, {@code signin}, {@code refresh}, {@code
   *                  change_password}, {@code signout}, {@code sessions}, {@code users}, {@code
   *                  organizations}, {@code keys}, {@code introspect}, {@code revoke}, {@code
   *                  password_reset_request}, {@code password_reset}, {@code
   *                  resend_verification}, {@code verify_email}, {@code change_email}, {@code
   *                  delete_user}
   * @param result    {@code success}, the {@code JanuaException} code of the failure, or {@code
   *                  error} for anything unexpected
   */
  default void operation(String operation, String result) {
    if ("signin".equals(operation)) {
      signinAttempt(result);
    } else if ("signup".equals(operation)) {
      signupAttempt(result);
    }
  }

  /**
   * An access token was validated.
   *
   * @param result {@code valid} or {@code invalid}
   * @param reason {@code none} when valid, else a {@code TokenFailureReason} code
   * @param cached whether the signature check was served from the validated-token cache
   */
  default void tokenValidation(String result, String reason, boolean cached) {}

  /** A refresh token was rotated. */
  default void refreshRotation() {}

  /** A spent refresh token was presented again and its session revoked. */
  default void refreshReuseDetected() {}

  /**
   * A rate-limit decision was made.
   *
   * @param category the category
   * @param allowed  whether it admitted the request
   */
  default void rateLimitDecision(RateLimitCategory category, boolean allowed) {}

  /**
   * One bcrypt operation (hash or verify) ran.
   *
   * @param queueWait how long it waited for a hashing slot
   * @param duration  how long the bcrypt work took
   */
  default void passwordHash(Duration queueWait, Duration duration) {}

  /**
   * A notification left the engine's outbox, or failed to.
   *
   * @param kind   the {@code Notification.kind()} code, e.g. {@code password_reset}
   * @param result {@code delivered}, {@code retried} (an attempt failed, another is scheduled),
   *               {@code failed} (every attempt failed) or {@code dropped} (no notifier, queue
   *               full, or engine closed)
   */
  default void notification(String kind, String result) {}

  /**
   * A retention purge deleted rows of one kind (called once per kind and purge, only when at least
   * one row went).
   *
   * @param kind  {@code refresh_tokens}, {@code sessions}, {@code account_tokens}, {@code
   *              invitations}, {@code api_tokens} or {@code audit_events}
   * @param count how many rows, at least 1
   */
  default void retentionPurged(String kind, long count) {}

  /**
   * The JSON-ready snapshot behind {@code AuthEngine.metricsSnapshot()}: by default only a
   * timestamp; janua-metrics fills in the guide's full shape.
   */
  default Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("timestamp", java.time.Instant.now().toString());
    return out;
  }
}

/** The shared no-op recorder. */
final class NoopMetricsRecorder implements MetricsRecorder {
  static final NoopMetricsRecorder INSTANCE = new NoopMetricsRecorder();

  private NoopMetricsRecorder() {}
}
