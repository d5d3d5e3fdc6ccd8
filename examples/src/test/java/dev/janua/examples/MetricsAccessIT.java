package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metrics stay closed when {@code METRICS_TOKEN} is unset: only {@code METRICS_PUBLIC=true} opens
 * {@code /metrics} and {@code /metrics/prometheus} to anyone. Each case starts the embedded example
 * over real HTTP and stops it.
 */
class MetricsAccessIT {
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static Map<String, String> env(String metricsPublic) {
    return metricsPublic == null
        ? Map.of("HOST", "127.0.0.1", "PORT", "0", "BCRYPT_ROUNDS", "4")
        : Map.of("HOST", "127.0.0.1", "PORT", "0", "BCRYPT_ROUNDS", "4",
            "METRICS_PUBLIC", metricsPublic);
  }

  private int get(JanuaExampleServer server, String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void noMetricsToken_metricsRefuseAnonymousAndPlainUsers() throws Exception {
    try (JanuaExampleServer server = JanuaExampleServer.start(env(null))) {
      for (String path : new String[] {"/metrics", "/metrics/prometheus"}) {
        assertThat(get(server, path, null)).as(path).isEqualTo(401);
        assertThat(get(server, path, "anything")).as(path).isEqualTo(401);
      }
      String access = server.engine().signup("metrics-user@example.com", "correct horse battery",
          null).tokens().accessToken();
      assertThat(get(server, "/metrics/prometheus", access)).isEqualTo(403);
      assertThat(get(server, "/metrics", access)).isEqualTo(403);
    }
  }

  @Test
  void metricsPublic_opensBothEndpoints() throws Exception {
    try (JanuaExampleServer server = JanuaExampleServer.start(env("true"))) {
      assertThat(get(server, "/metrics/prometheus", null)).isEqualTo(200);
      assertThat(get(server, "/metrics", null)).isEqualTo(200);
    }
    try (JanuaExampleServer server = JanuaExampleServer.start(env("false"))) {
      assertThat(get(server, "/metrics/prometheus", null)).isEqualTo(401);
    }
  }
}
