package dev.janua.internal;

import dev.janua.RateLimitCategory;
import dev.janua.spi.MetricsRecorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps a recorder so that nothing it throws reaches an authentication call. */
public final class GuardedMetrics implements MetricsRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedMetrics.class);

  private final MetricsRecorder delegate;

  private GuardedMetrics(MetricsRecorder delegate) {
    this.delegate = delegate;
  }

  /** The recorder, guarded (the no-op recorder needs no guard). */
  public static MetricsRecorder guard(MetricsRecorder recorder) {
    return recorder == MetricsRecorder.noop() || recorder instanceof GuardedMetrics
        ? recorder : new GuardedMetrics(recorder);
  }

  private void failed(String what, RuntimeException e) {
    LOG.warn("Metrics recorder {} failed in {}: {}", delegate.getClass().getName(), what, e.toString());
  }

  private void run(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      failed(what, e);
    }
  }

  @Override
  public void notification(String kind, String result) {
    run("notification", () -> delegate.notification(kind, result));
  }

  @Override
  public void retentionPurged(String kind, long count) {
    run("retentionPurged", () -> delegate.retentionPurged(kind, count));
  }

  @Override
  public void signinAttempt(String result) {
    run("signinAttempt", () -> delegate.signinAttempt(result));
  }

  @Override
  public void operation(String operation, String result) {
    run("operation", () -> delegate.operation(operation, result));
  }

  @Override
  public void signupAttempt(String result) {
    run("signupAttempt", () -> delegate.signupAttempt(result));
  }

  @Override
  public void tokenValidation(String result, String reason, boolean cached) {
    run("tokenValidation", () -> delegate.tokenValidation(result, reason, cached));
  }

  @Override
  public void refreshRotation() {
    run("refreshRotation", () -> delegate.refreshRotation());
  }

  @Override
  public void refreshReuseDetected() {
    run("refreshReuseDetected", () -> delegate.refreshReuseDetected());
  }

  @Override
  public void rateLimitDecision(RateLimitCategory category, boolean allowed) {
    run("rateLimitDecision", () -> delegate.rateLimitDecision(category, allowed));
  }

  @Override
  public void passwordHash(Duration queueWait, Duration duration) {
    run("passwordHash", () -> delegate.passwordHash(queueWait, duration));
  }

  @Override
  public Map<String, Object> snapshot() {
    try {
      return delegate.snapshot();
    } catch (RuntimeException e) {
      failed("snapshot", e);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("error", "metrics snapshot unavailable");
      return out;
    }
  }
}
