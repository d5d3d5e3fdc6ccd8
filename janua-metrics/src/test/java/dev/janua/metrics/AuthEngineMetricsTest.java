package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.InvalidCredentialsException;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.Principal;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.RateLimitedException;
import dev.janua.Readiness;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import dev.janua.spi.MetricsRecorder;
import dev.janua.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine wired to janua-metrics: what it records, and that broken metrics or checks never fail it. */
class AuthEngineMetricsTest {
  private static final String PASSWORD = "correct horse battery";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "test-agent");

  private final MutableClock clock = MutableClock.startingAt2026();

  private JanuaConfig config() {
    return JanuaConfig.builder()
        .bcryptRounds(4)
        .rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(3, 100))
        .build();
  }

  private AuthEngine engine(MetricsRecorder metrics, HealthCheck... checks) {
    var b = AuthEngine.builder().config(config()).clock(clock).metrics(metrics);
    for (HealthCheck c : checks) {
      b.healthCheck(c);
    }
    return b.build();
  }

  /** Signup, three signins (two wrong), two validations, a rotation and a reuse, a rate limit. */
  private static void exercise(AuthEngine engine, MutableClock clock, String email) {
    AuthResult signedUp = engine.signup(email, PASSWORD, CLIENT, "Alice");
    assertThatThrownBy(() -> engine.signin(email, "wrong password!", CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    AuthResult signedIn = engine.signin(email, PASSWORD, CLIENT);
    Principal p = engine.validate(signedIn.tokens().accessToken());
    assertThat(engine.validate(signedIn.tokens().accessToken()).userId()).isEqualTo(p.userId());
    assertThatThrownBy(() -> engine.validate("not-a-jwt")).isInstanceOf(InvalidTokenException.class);

    // AUTHENTICATION allows 3 a minute from one IP, counting signups and failed signins only:
    // the signup, the wrong signin above and this one use them
    engine.signin(email, PASSWORD, CLIENT);
    assertThatThrownBy(() -> engine.signin(email, "wrong again!", CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
        .isInstanceOf(RateLimitedException.class);

    String spent = signedUp.tokens().refreshToken();
    engine.refresh(spent, CLIENT);
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> engine.refresh(spent, CLIENT)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void engine_withMicrometerMetrics_recordsEveryAuthMeterInThePrometheusScrape() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics =
        MicrometerMetrics.builder().registry(registry).clock(clock).slowRequestThreshold(Duration.ofMillis(200)).build();
    AuthEngine engine = engine(metrics);

    exercise(engine, clock, "alice@example.com");
    String scrape = registry.scrape();

    assertThat(scrape).contains("janua_auth_signup_attempts_total{result=\"success\"} 1");
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"success\"} 2");
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"invalid_credentials\"} 2");
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"rate_limited\"} 1");
    assertThat(scrape).contains("janua_auth_token_validations_total{cached=\"false\",reason=\"none\",result=\"valid\"} 1");
    assertThat(scrape).contains("janua_auth_token_validations_total{cached=\"true\",reason=\"none\",result=\"valid\"} 1");
    assertThat(scrape).contains("janua_auth_token_validations_total{cached=\"false\",reason=\"malformed\",result=\"invalid\"} 1");
    assertThat(scrape).containsPattern("(?m)^janua_auth_refresh_rotations_total 1(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_auth_refresh_reuse_detections_total 1(\\.0)?$");
    // refresh outcomes are counted like signin outcomes: one rotation, one reuse refused
    assertThat(scrape).contains("janua_auth_refresh_attempts_total{result=\"success\"} 1");
    assertThat(scrape).contains("janua_auth_refresh_attempts_total{result=\"invalid_token\"} 1");
    assertThat(scrape).contains("janua_operations_total{operation=\"refresh\",result=\"invalid_token\"} 1");
    assertThat(scrape).contains("janua_operations_total{operation=\"signin\",result=\"success\"} 2");
    assertThat(scrape).contains("janua_operations_total{operation=\"signin\",result=\"rate_limited\"} 1");
    assertThat(scrape).contains("janua_operations_total{operation=\"signup\",result=\"success\"} 1");
    assertThat(scrape).contains("janua_rate_limit_decisions_total{category=\"authentication\",result=\"denied\"} 1");
    assertThat(scrape).contains("janua_rate_limit_decisions_total{category=\"authentication\",result=\"allowed\"} 5");
    assertThat(scrape).containsPattern("(?m)^janua_password_hash_duration_seconds_count [1-9]\\d*$");
    assertThat(scrape).containsPattern("(?m)^janua_password_hash_queue_wait_seconds_count [1-9]\\d*$");
    // nothing the engine was given (email, IP, user agent, tokens) reaches a tag
    assertThat(scrape).doesNotContain("alice", "example.com", "203.0.113.9", "test-agent", "eyJ");

    JsonNode snapshot = new ObjectMapper().readTree(MetricsSnapshotJson.write(engine.metricsSnapshot()));
    assertThat(snapshot.fieldNames()).toIterable()
        .containsExactly("cache_stats", "endpoint_performance", "database", "timestamp");
  }

  @Test
  void engine_whenMicrometerRegistryThrows_authCallsStillSucceed() {
    GuardTest.BrokenRegistry registry = new GuardTest.BrokenRegistry();
    MicrometerMetrics metrics =
        MicrometerMetrics.builder().registry(registry).slowRequestThreshold(Duration.ofMillis(200)).build();
    AuthEngine engine = engine(metrics);
    registry.broken.set(true);

    exercise(engine, clock, "bob@example.com");

    assertThat(engine.metricsSnapshot()).containsKeys("cache_stats", "endpoint_performance", "database", "timestamp");
  }

  @Test
  void engine_whenTheRecorderItselfThrows_authCallsStillSucceed() {
    MetricsRecorder throwing =
        new MetricsRecorder() {
          @Override public void signinAttempt(String result) { throw new IllegalStateException("boom"); }
          @Override public void signupAttempt(String result) { throw new IllegalStateException("boom"); }
          @Override public void operation(String operation, String result) {
            MetricsRecorder.super.operation(operation, result); // reaches signinAttempt / signupAttempt
            throw new IllegalStateException("boom");
          }
          @Override public void tokenValidation(String r, String reason, boolean cached) { throw new IllegalStateException("boom"); }
          @Override public void refreshRotation() { throw new IllegalStateException("boom"); }
          @Override public void refreshReuseDetected() { throw new IllegalStateException("boom"); }
          @Override public void rateLimitDecision(RateLimitCategory c, boolean allowed) { throw new IllegalStateException("boom"); }
          @Override public void passwordHash(Duration queueWait, Duration duration) { throw new IllegalStateException("boom"); }
          @Override public Map<String, Object> snapshot() { throw new IllegalStateException("boom"); }
        };
    AuthEngine engine = engine(throwing);

    exercise(engine, clock, "carol@example.com");
  }

  @Test
  void ready_whenAHealthCheckThrows_reportsItDownAndAuthStillWorks() {
    HealthCheck broken =
        new HealthCheck() {
          @Override public String name() { return "database"; }
          @Override public HealthStatus check() { throw new IllegalStateException("connection refused"); }
        };
    HealthCheck fine =
        new HealthCheck() {
          @Override public String name() { return "redis"; }
          @Override public HealthStatus check() { return HealthStatus.ok(); }
        };
    AuthEngine engine =
        engine(MicrometerMetrics.builder()
            .registry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .slowRequestThreshold(Duration.ofMillis(200))
            .build(), broken, fine);

    Readiness r = engine.ready();

    assertThat(r.ready()).isFalse();
    assertThat(r.checks()).containsEntry("redis", "ok");
    assertThat(r.checks().get("database")).isNotEqualTo("ok");
    assertThat(engine.health().status()).isEqualTo("healthy");
    exercise(engine, clock, "dave@example.com");
  }
}
