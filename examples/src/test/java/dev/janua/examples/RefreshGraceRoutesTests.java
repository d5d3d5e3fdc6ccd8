package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The refresh grace over real HTTP, black-box: two tabs posting the same refresh token at once
 * both get 200 with the same successor, and a thief who spent the chain first is caught when the
 * victim's token comes back. Mixed into {@link ExampleServerSuite} (whose grace is
 * {@code REFRESH_TOKEN_REUSE_GRACE_SECONDS=2} on a frozen clock), so they run on every backend.
 */
interface RefreshGraceRoutesTests {
  HttpClient GRACE_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  ObjectMapper GRACE_JSON = new ObjectMapper();
  AtomicInteger GRACE_CLIENTS = new AtomicInteger();
  int GRACE_ROUNDS = 10;

  /** The service's base URL. */
  String baseUrl();

  private HttpRequest post(String ip, String path, String json) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Forwarded-For", ip)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private HttpResponse<String> refresh(String ip, String token) throws Exception {
    return GRACE_HTTP.send(post(ip, "/api/v1/auth/refresh", body(token)),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String body(String token) {
    return "{\"refresh_token\":\"" + token + "\"}";
  }

  /** A client address of its own: 198.19.0.0/16 (benchmark range, unused by the other tests). */
  private static String address() {
    int n = GRACE_CLIENTS.incrementAndGet();
    return "198.19." + (n / 250 % 250) + "." + (1 + n % 250);
  }

  private JsonNode signup(String ip) throws Exception {
    HttpResponse<String> r = GRACE_HTTP.send(post(ip, "/api/v1/auth/signup",
        "{\"email\":\"grace-" + UUID.randomUUID() + "@example.com\",\"password\":\""
            + ExampleServerSuite.PASSWORD + "\"}"), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return GRACE_JSON.readTree(r.body());
  }

  private int me(String ip, String access) throws Exception {
    return GRACE_HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/me"))
        .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", ip)
        .header("Authorization", "Bearer " + access).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  default void refresh_twoConcurrentPostsWithOneToken_both200WithTheSameRefreshToken()
      throws Exception {
    for (int round = 0; round < GRACE_ROUNDS; round++) {
      String ip = address();
      String spent = signup(ip).path("refresh_token").asText();
      HttpRequest tab = post(ip, "/api/v1/auth/refresh", body(spent));
      List<CompletableFuture<HttpResponse<String>>> tabs = List.of(
          GRACE_HTTP.sendAsync(tab, HttpResponse.BodyHandlers.ofString()),
          GRACE_HTTP.sendAsync(tab, HttpResponse.BodyHandlers.ofString()));
      HttpResponse<String> a = tabs.get(0).get();
      HttpResponse<String> b = tabs.get(1).get();
      assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
      assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
      JsonNode ja = GRACE_JSON.readTree(a.body());
      JsonNode jb = GRACE_JSON.readTree(b.body());
      String successor = ja.path("refresh_token").asText();
      assertThat(successor).startsWith("jrt_").isNotEqualTo(spent)
          .isEqualTo(jb.path("refresh_token").asText());
      assertThat(me(ip, ja.path("access_token").asText())).isEqualTo(200);
      assertThat(me(ip, jb.path("access_token").asText())).isEqualTo(200);
      // The shared successor refreshes once more.
      HttpResponse<String> next = refresh(ip, successor);
      assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    }
  }

  @Test
  default void refresh_thiefSpentTheChainFirst_victimsToken401ReusedAndThiefLoggedOut()
      throws Exception {
    String victimIp = address();
    String thiefIp = address();
    String t0 = signup(victimIp).path("refresh_token").asText();
    JsonNode t1 = GRACE_JSON.readTree(refresh(thiefIp, t0).body());
    JsonNode t2 = GRACE_JSON.readTree(refresh(thiefIp, t1.path("refresh_token").asText()).body());
    HttpResponse<String> victim = refresh(victimIp, t0);
    assertThat(victim.statusCode()).isEqualTo(401);
    assertThat(GRACE_JSON.readTree(victim.body()).path("error").path("details").path("reason")
        .asText()).isEqualTo("refresh_token_reused");
    assertThat(refresh(thiefIp, t2.path("refresh_token").asText()).statusCode()).isEqualTo(401);
    assertThat(me(thiefIp, t2.path("access_token").asText())).isEqualTo(401);
  }
}
