package dev.janua.testing;

import dev.janua.RateLimitCategory;
import dev.janua.spi.MetricsRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the engine reports, for assertions. */
public final class RecordingMetrics implements MetricsRecorder {
  public final AtomicInteger passwordHashes = new AtomicInteger();
  public final AtomicInteger rotations = new AtomicInteger();
  public final AtomicInteger reuses = new AtomicInteger();
  public final List<String> signins = new CopyOnWriteArrayList<>();
  public final List<String> signups = new CopyOnWriteArrayList<>();
  /** "result/reason/cached" per validation. */
  public final List<String> validations = new CopyOnWriteArrayList<>();
  public final List<String> rateLimits = new CopyOnWriteArrayList<>();
  /** "operation/result" per operation. */
  public final List<String> operations = new CopyOnWriteArrayList<>();

  /** "kind/result" per notification outcome. */
  public final List<String> notifications = new CopyOnWriteArrayList<>();

  /** "kind/count" per retention report. */
  public final List<String> purged = new CopyOnWriteArrayList<>();

  @Override
  public void retentionPurged(String kind, long count) {
    purged.add(kind + "/" + count);
  }

  @Override
  public void notification(String kind, String result) {
    notifications.add(kind + "/" + result);
  }

  @Override
  public void operation(String operation, String result) {
    operations.add(operation + "/" + result);
    MetricsRecorder.super.operation(operation, result);
  }

  @Override
  public void passwordHash(Duration queueWait, Duration duration) {
    passwordHashes.incrementAndGet();
  }

  @Override
  public void signinAttempt(String result) {
    signins.add(result);
  }

  @Override
  public void signupAttempt(String result) {
    signups.add(result);
  }

  @Override
  public void tokenValidation(String result, String reason, boolean cached) {
    validations.add(result + "/" + reason + "/" + cached);
  }

  @Override
  public void refreshRotation() {
    rotations.incrementAndGet();
  }

  @Override
  public void refreshReuseDetected() {
    reuses.incrementAndGet();
  }

  @Override
  public void rateLimitDecision(RateLimitCategory category, boolean allowed) {
    rateLimits.add(category.code() + "/" + allowed);
  }

  public String lastValidation() {
    return validations.get(validations.size() - 1);
  }
}
