package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.Notifier;
import dev.janua.testing.CapturingNotifier;
import dev.janua.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Notification delivery: asynchronous, retried within bounds, counted, never leaking a link. */
class OutboxTest {
  private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");
  private static final String LINK = "http://localhost:4100/reset-password?token=s3cr3t-token";
  private static final Notification RESET =
      new Notification.PasswordReset("a@example.com", "A", LINK, AT);

  private final RecordingMetrics metrics = new RecordingMetrics();

  private static DeliveryPolicy noBackoff(int attempts, int capacity) {
    return new DeliveryPolicy(attempts, Duration.ZERO, capacity);
  }

  @Test
  void send_deliversOnTheOutboxThreadWhileTheCallerGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CapturingNotifier captured = new CapturingNotifier();
    Notifier blocking = n -> {
      release.await();
      captured.deliver(n);
    };
    try (Outbox outbox = new Outbox(blocking, noBackoff(3, 10), metrics)) {
      outbox.send(RESET); // returns although the notifier is blocked
      assertThat(outbox.pending()).isEqualTo(1);
      release.countDown();
      assertThat(captured.next()).isSameAs(RESET);
      assertThat(captured.threads).allSatisfy(t -> {
        assertThat(t).isNotSameAs(Thread.currentThread());
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("janua-outbox");
      });
    }
    assertThat(metrics.notifications).containsExactly("password_reset/delivered");
  }

  @Test
  void send_failingTwice_retriedAndDeliveredOnce() throws Exception {
    CapturingNotifier n = new CapturingNotifier();
    n.failFirst = 2;
    try (Outbox outbox = new Outbox(n, noBackoff(3, 10), metrics)) {
      outbox.send(RESET);
      assertThat(n.next()).isSameAs(RESET);
    }
    assertThat(n.attempts).hasValue(3);
    assertThat(metrics.notifications).containsExactly("password_reset/retried",
        "password_reset/retried", "password_reset/delivered");
  }

  @Test
  void send_alwaysFailing_stopsAfterMaxAttempts() throws Exception {
    CapturingNotifier n = new CapturingNotifier();
    n.failFirst = Integer.MAX_VALUE;
    Outbox outbox = new Outbox(n, noBackoff(4, 10), metrics);
    outbox.send(RESET);
    awaitIdle(outbox);
    outbox.close();
    assertThat(n.attempts).hasValue(4);
    assertThat(outbox.pending()).isZero();
    assertThat(metrics.notifications).containsExactly("password_reset/retried",
        "password_reset/retried", "password_reset/retried", "password_reset/failed");
  }

  /** Waits (ten seconds at most) until nothing is queued or scheduled. */
  private static void awaitIdle(Outbox outbox) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (outbox.pending() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  @Test
  void send_queueFull_dropsAndCounts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CapturingNotifier captured = new CapturingNotifier();
    try (Outbox outbox = new Outbox(m -> {
      release.await();
      captured.deliver(m);
    }, noBackoff(1, 1), metrics)) {
      outbox.send(RESET);
      outbox.send(new Notification.SecurityNotice("a@example.com",
          Notification.SecurityEvent.PASSWORD_CHANGED, AT));
      assertThat(metrics.notifications).containsExactly("security_notice/dropped");
      release.countDown();
      assertThat(captured.next()).isSameAs(RESET);
    }
  }

  @Test
  void send_noNotifier_dropsAndCounts() {
    try (Outbox outbox = new Outbox(null, DeliveryPolicy.defaults(), metrics)) {
      outbox.send(RESET);
      assertThat(outbox.pending()).isZero();
    }
    assertThat(metrics.notifications).containsExactly("password_reset/dropped");
  }

  @Test
  void send_afterClose_dropped() {
    Outbox outbox = new Outbox(new CapturingNotifier(), DeliveryPolicy.defaults(), metrics);
    outbox.close();
    outbox.send(RESET);
    assertThat(metrics.notifications).containsExactly("password_reset/dropped");
    assertThat(outbox.pending()).isZero();
  }

  @Test
  void close_dropsRetriesScheduledForLater() throws Exception {
    CapturingNotifier n = new CapturingNotifier();
    n.failFirst = Integer.MAX_VALUE;
    Outbox outbox = new Outbox(n, new DeliveryPolicy(5, Duration.ofMinutes(5), 10), metrics);
    outbox.send(RESET);
    while (n.attempts.get() == 0) {
      TimeUnit.MILLISECONDS.sleep(5); // wait for the first attempt, not for a duration
    }
    outbox.close(); // the retry five minutes out does not hold it
    assertThat(n.attempts).hasValue(1);
  }

  @Test
  void deliveryPolicy_backoffDoublesAndIsCapped() {
    DeliveryPolicy p = new DeliveryPolicy(20, Duration.ofSeconds(2), 10);
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(p.backoffAfter(19)).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ZERO, 1))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new DeliveryPolicy(1, Duration.ofSeconds(-1), 1))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new DeliveryPolicy(1, Duration.ZERO, 0))
        .hasMessageContaining("queueCapacity");
  }

  @Test
  void toString_neverShowsTheLink() {
    List<Notification> all = List.of(RESET,
        new Notification.EmailVerification("a@example.com", null, LINK, AT, false),
        new Notification.Invitation("a@example.com", "org-1", "Acme", "Bob", "member", LINK, AT),
        new Notification.EmailChangeNotice("a@example.com", "b@example.com", AT),
        new Notification.SecurityNotice("a@example.com",
            Notification.SecurityEvent.PASSWORD_RESET, AT));
    assertThat(all).allSatisfy(n -> assertThat(n.toString()).doesNotContain("s3cr3t")
        .contains("a@example.com"));
    assertThat(all).extracting(Notification::kind).containsExactly("password_reset",
        "email_verification", "invitation", "email_change_notice", "security_notice");
  }

  @Test
  void engine_ownsAndClosesTheOutbox_pluginNotifierUsedUnlessTheBuilderSetsOne() throws Exception {
    CapturingNotifier fromPlugin = new CapturingNotifier();
    JanuaPlugin plugin = ctx -> ctx.notifier(fromPlugin);
    AuthEngine engine = AuthEngine.builder().install(plugin).build();
    engine.close();
    CapturingNotifier direct = new CapturingNotifier();
    AuthEngine other = AuthEngine.builder().install(plugin).notifier(direct).build();
    other.close();
    assertThatThrownBy(() -> AuthEngine.builder().install(plugin).install(plugin).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("notifier");
  }
}
