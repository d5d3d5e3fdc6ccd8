package dev.janua.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, instead of sleeping: hand it to {@code
 * AuthEngine.builder().clock(...)} (or use {@link JanuaTestEngine}) and call {@link #advance} to
 * let tokens, sessions and rate windows expire. Thread-safe. Always in UTC; starts at microsecond
 * precision, the precision stores keep.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * A clock standing at {@code start} (truncated to microseconds).
   *
   * @throws NullPointerException when {@code start} is null
   */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start").truncatedTo(ChronoUnit.MICROS));
  }

  /** A clock at a fixed, round instant: 2026-06-01T10:00:00Z. */
  public static MutableClock startingAt2026() {
    return new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
  }

  /**
   * Moves the clock forward (or back, for a negative duration).
   *
   * @throws NullPointerException when {@code duration} is null
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    now.updateAndGet(i -> i.plus(duration));
  }

  /**
   * Puts the clock at {@code instant}, as given.
   *
   * @throws NullPointerException when {@code instant} is null
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /** UTC. */
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock: it only keeps UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /** The instant the clock stands at. */
  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
