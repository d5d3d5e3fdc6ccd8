package dev.janua;

import dev.janua.spi.MetricsRecorder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one place that wraps every engine operation in its cross-cutting steps, in this order:
 * refuse when the engine is closed; take the operation's rate-limit decision (when it has one;
 * for an operation that {@linkplain Operation#chargesFailuresOnly() charges failures only}, a
 * check that counts nothing, and the count after a failure the caller caused);
 * fix the call's instant; run the body; count the outcome under the operation's name; attach the
 * admitting decision to a failure, so hosts can send the rate-limit headers with the error. Feature
 * services write audit events through the {@link Call} in the same store step as their change.
 */
final class Runner {
  private final Clock clock;
  private final RateLimiter limiter;
  private final MetricsRecorder metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  Runner(Clock clock, RateLimiter limiter, MetricsRecorder metrics) {
    this.clock = clock;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  /** Runs {@code body} as {@code operation} for {@code client} ({@code null}: unknown). */
  <T> T run(Operation operation, @Nullable ClientInfo client, Function<Call, T> body) {
    return run(operation, client, null, body);
  }

  /**
   * Runs {@code body} as {@code operation} for a signed-in user whose client is not known: the
   * rate-limit budget is the user's own (keyed by a digest of the id), not the shared budget of
   * the unknown address.
   */
  <T> T runForUser(Operation operation, String userId, Function<Call, T> body) {
    return run(operation, null, AccountLinks.subject("user", userId), body);
  }

  /** {@link #runForUser} without a result. */
  void runVoidForUser(Operation operation, String userId, java.util.function.Consumer<Call> body) {
    runForUser(operation, userId, call -> {
      body.accept(call);
      return null;
    });
  }

  private <T> T run(Operation operation, @Nullable ClientInfo client, @Nullable String subject,
      Function<Call, T> body) {
    ensureOpen();
    ClientInfo c = client == null ? ClientInfo.unknown() : client;
    RateLimitDecision decision = null;
    RateLimitCategory category = operation.category();
    try {
      if (category != null) {
        if (subject != null) {
          decision = operation.chargesFailuresOnly()
              ? limiter.peekSubjectOrThrow(category, subject)
              : limiter.checkSubjectOrThrow(category, subject);
        } else {
          decision = operation.chargesFailuresOnly()
              ? limiter.peekOrThrow(category, c.ipAddress())
              : limiter.checkOrThrow(category, c.ipAddress());
        }
      }
      T result = body.apply(new Call(now(), c, decision));
      metrics.operation(operation.metricName(), "success");
      return result;
    } catch (JanuaException e) {
      metrics.operation(operation.metricName(), e.code());
      // A right password that now needs its second factor is no failure.
      if (decision != null && operation.chargesFailuresOnly() && e.httpStatus() < 500
          && !(e instanceof MfaRequiredException)) {
        decision = subject != null ? limiter.chargeSubject(category, subject)
            : limiter.charge(category, c.ipAddress());
      }
      throw decision == null ? e : e.withRateLimit(decision);
    } catch (RuntimeException | Error e) {
      metrics.operation(operation.metricName(), "error");
      throw e;
    }
  }

  /** Like {@link #run} for a body without a result. */
  void runVoid(Operation operation, @Nullable ClientInfo client, java.util.function.Consumer<Call> body) {
    run(operation, client, call -> {
      body.accept(call);
      return null;
    });
  }

  /** The instant as stores keep it (microseconds), so what is returned equals what is stored. */
  java.time.Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** @throws IllegalStateException when the engine is closed */
  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("This AuthEngine is closed");
    }
  }

  /** Marks the engine closed; answers whether this call closed it. */
  boolean close() {
    return closed.compareAndSet(false, true);
  }
}
