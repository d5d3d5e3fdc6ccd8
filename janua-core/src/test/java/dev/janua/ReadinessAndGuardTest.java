package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.MetricsRecorder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ReadinessAndGuardTest extends EngineTestBase {

  private static HealthCheck check(String name, java.util.function.Supplier<HealthStatus> s) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public HealthStatus check() {
        return s.get();
      }
    };
  }

  @Test
  void health_alwaysHealthy_readyWithoutChecks() {
    assertThat(engine.health().status()).isEqualTo("healthy");
    assertThat(engine.ready()).isEqualTo(new Readiness(true, Map.of()));
  }

  @Test
  void ready_runsChecksInParallel_reportsEach_timeoutAndExceptionAreDown() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch bothStarted = new CountDownLatch(2);
    AuthEngine e = AuthEngine.builder().config(config().readyTimeout(Duration.ofMillis(300)).build())
        .store(store).clock(clock).keyRing(KEYS)
        .healthCheck(check("database", () -> {
          bothStarted.countDown();
          await(bothStarted); // only passes if the redis check runs at the same time
          return HealthStatus.ok();
        }))
        .healthCheck(check("redis", () -> {
          bothStarted.countDown();
          return HealthStatus.down("connection refused");
        }))
        .healthCheck(check("slow", () -> {
          await(never);
          return HealthStatus.ok();
        }))
        .healthCheck(check("broken", () -> {
          throw new IllegalStateException("boom");
        }))
        .build();
    Readiness r = e.ready();
    assertThat(r.ready()).isFalse();
    assertThat(r.status()).isEqualTo("not_ready");
    assertThat(r.checks()).containsEntry("database", "ok")
        .containsEntry("redis", "connection refused")
        .containsEntry("slow", "timed out after 300 ms")
        .containsEntry("broken", "failed: IllegalStateException");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void throwingMetricsRecorder_neverFailsAnAuthCall() {
    MetricsRecorder exploding = new MetricsRecorder() {
      @Override
      public void signinAttempt(String result) {
        throw new IllegalStateException("metrics down");
      }

      @Override
      public void signupAttempt(String result) {
        throw new IllegalStateException("metrics down");
      }

      @Override
      public void tokenValidation(String result, String reason, boolean cached) {
        throw new IllegalStateException("metrics down");
      }

      @Override
      public void passwordHash(Duration queueWait, Duration duration) {
        throw new IllegalStateException("metrics down");
      }

      @Override
      public void refreshRotation() {
        throw new IllegalStateException("metrics down");
      }

      @Override
      public Map<String, Object> snapshot() {
        throw new IllegalStateException("metrics down");
      }
    };
    AuthEngine e = AuthEngine.builder().config(config().build()).store(store).clock(clock).keyRing(KEYS)
        .metrics(exploding).build();
    String email = email();
    AuthResult r = e.signup(email, PASSWORD, CLIENT, null);
    assertThat(e.validate(r.tokens().accessToken())).isNotNull();
    assertThat(e.signin(email, PASSWORD, CLIENT)).isNotNull();
    assertThat(e.refresh(r.tokens().refreshToken(), CLIENT)).isNotNull();
    assertThat(e.metricsSnapshot()).containsKey("error");
  }

  @Test
  void metricsSnapshot_default_hasTimestamp() {
    assertThat(engine.metricsSnapshot()).containsKey("timestamp");
  }

  @Test
  void defaultEngine_needsNoServices() {
    AuthEngine plain = AuthEngine.builder().config(JanuaConfig.builder().bcryptRounds(4).build()).build();
    AuthResult r = plain.signup(email(), PASSWORD, ClientInfo.unknown(), null);
    assertThat(plain.validate(r.tokens().accessToken()).userId()).isEqualTo(r.user().id());
  }
}
