package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The readiness probe: one probe in flight, shared by concurrent callers; a bounded pool. */
class ReadinessProbeTest {

  /** A check that counts its runs and blocks until released. */
  static final class Gate implements HealthCheck {
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String name() {
      return "gate";
    }

    @Override
    public HealthStatus check() {
      runs.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return HealthStatus.down("interrupted");
      }
      return HealthStatus.ok();
    }
  }

  @Test
  void run_concurrentCallers_shareTheProbeInFlight() throws Exception {
    Gate gate = new Gate();
    try (ReadinessProbe probe = new ReadinessProbe(List.of(gate), Duration.ofMinutes(5))) {
      AtomicReference<Readiness> first = new AtomicReference<>();
      AtomicReference<Readiness> second = new AtomicReference<>();
      Thread a = new Thread(() -> first.set(probe.run()));
      a.start();
      gate.entered.await();
      Thread b = new Thread(() -> second.set(probe.run()));
      b.start();
      // b blocks either joining a's probe (the behaviour) or inside a second run of the gate
      // (which the run count below would catch); wait until it blocks, then release both.
      while (b.getState() != Thread.State.WAITING && b.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      gate.release.countDown();
      a.join();
      b.join();
      assertThat(gate.runs).hasValue(1);
      assertThat(first.get().ready()).isTrue();
      assertThat(second.get()).isSameAs(first.get());
      // Once it has finished, the next caller starts a new probe.
      probe.run();
      assertThat(gate.runs).hasValue(2);
    }
  }

  @Test
  void pool_isBoundedByTheNumberOfChecks() {
    try (ReadinessProbe probe = new ReadinessProbe(List.of(new Gate(), new Gate()),
        Duration.ofSeconds(1))) {
      assertThat(probe.maxThreads()).isEqualTo(2);
    }
  }
}
