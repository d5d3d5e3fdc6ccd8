package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.RateLimitCategory;
import dev.janua.spi.CacheStats;
import dev.janua.spi.PoolStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
  private PrometheusMeterRegistry registry;
  private MicrometerMetrics metrics;
  private final AtomicLong now = new AtomicLong();

  @BeforeEach
  void setUp() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics =
        MicrometerMetrics.builder()
            .registry(registry)
            .cacheStats(() -> new CacheStats(15234, 1823, 2045, 15000, 234, 156, true))
            .poolStats(() -> new PoolStats(15, 5, 0, 20))
            .ticker(now::get)
            .slowRequestThreshold(Duration.ofMillis(200))
            .slowRequestLog((m, p, d, s) -> {})
            .build();
  }

  private String exercise() {
    RequestTimer timer = metrics.requestTimer();
    TimedRequest r = timer.start("POST", "/api/v1/auth/signin", null);
    now.addAndGet(Duration.ofMillis(23).toNanos());
    r.finish(200);
    TimedRequest raw =
        timer.start("GET", "/api/v1/organizations/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/members/12345", null);
    now.addAndGet(Duration.ofMillis(5).toNanos());
    raw.finish(404);
    metrics.signinAttempt("success");
    metrics.signinAttempt("invalid_credentials");
    metrics.signupAttempt("conflict");
    metrics.tokenValidation("invalid", "expired", false);
    metrics.tokenValidation("valid", "none", true);
    metrics.refreshRotation();
    metrics.refreshReuseDetected();
    metrics.rateLimitDecision(RateLimitCategory.AUTHENTICATION, false);
    metrics.passwordHash(Duration.ofMillis(3), Duration.ofMillis(250));
    return registry.scrape();
  }

  @Test
  void scrape_afterActivity_containsEveryGuideNameWithItsType() {
    String scrape = exercise();

    assertThat(scrape).contains("# TYPE janua_http_request_duration_seconds histogram");
    assertThat(scrape).contains("# TYPE janua_http_requests_total counter");
    assertThat(scrape).contains("# TYPE janua_cache_hits_total counter");
    assertThat(scrape).contains("# TYPE janua_cache_misses_total counter");
    assertThat(scrape).contains("# TYPE janua_cache_hit_rate gauge");
    assertThat(scrape).contains("# TYPE janua_db_connections_active gauge");
    assertThat(scrape).contains("# TYPE janua_db_connections_idle gauge");
    assertThat(scrape).contains("# TYPE janua_db_connections_pending gauge");

    assertThat(scrape).containsPattern("(?m)^janua_cache_hits_total 15234(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_cache_misses_total 1823(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_db_connections_active 15(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_db_connections_idle 5(\\.0)?$");
    assertThat(scrape).containsPattern("(?m)^janua_db_connections_pending 0(\\.0)?$");
    assertThat(sample(scrape, "janua_cache_hit_rate")).isCloseTo(15234.0 / (15234 + 1823), within());
  }

  @Test
  void scrape_afterActivity_containsTheAuthMetersWithTheirTypesAndTags() {
    String scrape = exercise();

    assertThat(scrape).contains("# TYPE janua_auth_signin_attempts_total counter");
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"success\"} 1");
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"invalid_credentials\"} 1");
    assertThat(scrape).contains("# TYPE janua_auth_signup_attempts_total counter");
    assertThat(scrape).contains("janua_auth_signup_attempts_total{result=\"conflict\"} 1");
    assertThat(scrape).contains("# TYPE janua_auth_token_validations_total counter");
    assertThat(scrape)
        .contains("janua_auth_token_validations_total{cached=\"false\",reason=\"expired\",result=\"invalid\"} 1");
    assertThat(scrape)
        .contains("janua_auth_token_validations_total{cached=\"true\",reason=\"none\",result=\"valid\"} 1");
    assertThat(scrape).contains("# TYPE janua_auth_refresh_rotations_total counter");
    assertThat(scrape).containsPattern("(?m)^janua_auth_refresh_rotations_total 1(\\.0)?$");
    assertThat(scrape).contains("# TYPE janua_auth_refresh_reuse_detections_total counter");
    assertThat(scrape).containsPattern("(?m)^janua_auth_refresh_reuse_detections_total 1(\\.0)?$");
    assertThat(scrape).contains("# TYPE janua_rate_limit_decisions_total counter");
    assertThat(scrape)
        .contains("janua_rate_limit_decisions_total{category=\"authentication\",result=\"denied\"} 1");
    assertThat(scrape)
        .contains("janua_rate_limit_decisions_total{category=\"webhooks\",result=\"allowed\"} 0");
    assertThat(scrape).contains("# TYPE janua_rate_limit_limit gauge");
    assertThat(scrape).contains("janua_rate_limit_limit{category=\"authentication\",window=\"minute\"} 10");
    assertThat(scrape).contains("# TYPE janua_password_hash_queue_wait_seconds histogram");
    assertThat(scrape).contains("# TYPE janua_password_hash_duration_seconds histogram");
    assertThat(scrape).containsPattern("(?m)^janua_password_hash_duration_seconds_count 1$");
  }

  @Test
  void scrape_httpHistogram_hasBucketsTaggedWithMethodTemplateAndStatus() {
    String scrape = exercise();

    assertThat(scrape)
        .contains(
            "janua_http_request_duration_seconds_bucket{method=\"POST\",path=\"/api/v1/auth/signin\",status=\"200\",le=\"0.1\"} 1");
    assertThat(scrape)
        .contains(
            "janua_http_request_duration_seconds_bucket{method=\"POST\",path=\"/api/v1/auth/signin\",status=\"200\",le=\"0.01\"} 0");
    assertThat(scrape)
        .contains("janua_http_requests_total{method=\"POST\",path=\"/api/v1/auth/signin\",status=\"200\"} 1");
    // a raw path with ids is reduced to a template
    assertThat(scrape)
        .contains(
            "janua_http_requests_total{method=\"GET\",path=\"/api/v1/organizations/{id}/members/{id}\",status=\"404\"} 1");
  }

  @Test
  void scrape_tagValues_neverLookLikeAnIdEmailIpOrToken() {
    RequestTimer timer = metrics.requestTimer();
    for (String raw :
        List.of(
            "/users/alice@example.com",
            "/clients/203.0.113.9/limits",
            "/clients/2001:db8::1",
            "/tokens/eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9abc",
            "/sessions/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "/orgs/42?email=bob@example.com")) {
      timer.start("GET", raw, null).finish(200);
    }
    metrics.signinAttempt("bob@example.com");
    metrics.tokenValidation("eyJhbGciOi", "203.0.113.9", false);

    String scrape = registry.scrape();
    List<String> values = tagValues(scrape);
    assertThat(values).isNotEmpty();
    Pattern email = Pattern.compile(".*@.*");
    Pattern ipv4 = Pattern.compile(".*\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}.*");
    Pattern ipv6 = Pattern.compile(".*[0-9a-fA-F]+:[0-9a-fA-F:]*:.*");
    Pattern uuidOrHex = Pattern.compile(".*[0-9a-fA-F]{16,}.*");
    Pattern number = Pattern.compile(".*/\\d+(/.*)?");
    Pattern jwt = Pattern.compile(".*eyJ.*");
    for (String v : values) {
      assertThat(v)
          .doesNotMatch(email)
          .doesNotMatch(ipv4)
          .doesNotMatch(ipv6)
          .doesNotMatch(uuidOrHex)
          .doesNotMatch(number)
          .doesNotMatch(jwt);
    }
    assertThat(scrape).contains("janua_auth_signin_attempts_total{result=\"other\"} 1");
    assertThat(scrape)
        .contains("janua_auth_token_validations_total{cached=\"false\",reason=\"other\",result=\"other\"} 1");
  }

  private static List<String> tagValues(String scrape) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\\w+=\"([^\"]*)\"").matcher(scrape);
    while (m.find()) {
      if (!m.group().startsWith("le=")) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static double sample(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as("sample %s in scrape", name).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
