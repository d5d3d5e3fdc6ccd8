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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-account signin throttle over real HTTP: after 20 failed signins for one account from 20
 * addresses, signin from a client without a device token is refused with 429 {@code
 * signin_throttled} and {@code Retry-After}, exactly as for an unknown email that failed as often
 * (status, body, headers); the owner's device token, kept in the HttpOnly cookie or sent in
 * {@code X-Janua-Device}, still signs in. Mixed into {@link ExampleServerSuite}, so they run on
 * every backend.
 */
interface DeviceTokenRoutesTests {
  HttpClient DEVICE_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  ObjectMapper DEVICE_JSON = new ObjectMapper();
  AtomicInteger DEVICE_CLIENTS = new AtomicInteger();
  String DEVICE_PASSWORD = "correct horse battery";

  /** The service's base URL. */
  String baseUrl();

  /** A signin from a fresh client address (198.19.0.0/16), with extra headers. */
  private HttpResponse<String> signin(String email, String password, String... headers)
      throws Exception {
    int n = DEVICE_CLIENTS.incrementAndGet();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/signin"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", "198.19." + (n / 250 % 250) + "." + (1 + n % 250));
    if (headers.length > 0) {
      b.headers(headers);
    }
    b.POST(HttpRequest.BodyPublishers.ofString(
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
    return DEVICE_HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signup(String email) throws Exception {
    int n = DEVICE_CLIENTS.incrementAndGet();
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/signup"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", "198.19." + (n / 250 % 250) + "." + (1 + n % 250))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"email\":\"" + email + "\",\"password\":\"" + DEVICE_PASSWORD + "\"}"))
        .build();
    return DEVICE_HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The answer as a client compares it: status, body without the request id, header names. */
  private static Map<String, Object> comparable(HttpResponse<String> r) throws Exception {
    Map<String, Object> out = new TreeMap<>();
    out.put("status", r.statusCode());
    JsonNode body = DEVICE_JSON.readTree(r.body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("error")).remove("request_id");
    out.put("body", body.toString());
    out.put("retry-after", r.headers().firstValue("Retry-After").orElse(null));
    out.put("headers", r.headers().map().keySet().stream()
        .map(h -> h.toLowerCase(java.util.Locale.ROOT))
        .filter(h -> !h.equals("date") && !h.equals("x-request-id")
            && !h.equals("x-response-time") && !h.equals("content-length"))
        .sorted().toList());
    return out;
  }

  @Test
  default void signin_setsHttpOnlyDeviceCookie_andBodyField() throws Exception {
    String email = "device-" + UUID.randomUUID() + "@example.com";
    assertThat(signup(email).statusCode()).isEqualTo(201);
    HttpResponse<String> r = signin(email, DEVICE_PASSWORD);
    assertThat(r.statusCode()).isEqualTo(200);
    String token = DEVICE_JSON.readTree(r.body()).path("device_token").asText();
    assertThat(token).startsWith("jdv_");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("janua_device=" + token + ";")
        .contains("; Path=/api/v1/auth").contains("; HttpOnly").contains("; SameSite=Lax")
        .contains("; Max-Age=7776000").doesNotContain("Secure"); // plain HTTP here
    // Signup does not hand one out.
    assertThat(DEVICE_JSON.readTree(signup("device-" + UUID.randomUUID() + "@example.com").body())
        .has("device_token")).isFalse();
  }

  @Test
  default void throttledAccount_answersLikeThrottledUnknownEmail_ownerDeviceStillSignsIn()
      throws Exception {
    String email = "victim-" + UUID.randomUUID() + "@example.com";
    String unknown = "ghost-" + UUID.randomUUID() + "@example.com";
    assertThat(signup(email).statusCode()).isEqualTo(201);
    String token = DEVICE_JSON.readTree(signin(email, DEVICE_PASSWORD).body())
        .path("device_token").asText();

    for (int i = 0; i < 20; i++) {
      assertThat(signin(email, "guess number " + i).statusCode()).isEqualTo(401);
      assertThat(signin(unknown, "guess number " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> account = signin(email, DEVICE_PASSWORD);
    HttpResponse<String> ghost = signin(unknown, DEVICE_PASSWORD);
    assertThat(account.statusCode()).isEqualTo(429);
    assertThat(DEVICE_JSON.readTree(account.body()).path("error").path("code").asText())
        .isEqualTo("signin_throttled");
    assertThat(Long.parseLong(account.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
    assertThat(account.body()).doesNotContain(email);
    assertThat(comparable(account)).isEqualTo(comparable(ghost));

    // The owner's device: from the cookie, or from the header; any other client stays refused.
    HttpResponse<String> viaCookie = signin(email, DEVICE_PASSWORD, "Cookie",
        "janua_device=" + token);
    assertThat(viaCookie.statusCode()).isEqualTo(200);
    HttpResponse<String> viaHeader = signin(email, DEVICE_PASSWORD, "X-Janua-Device", token);
    assertThat(viaHeader.statusCode()).isEqualTo(200);
    assertThat(DEVICE_JSON.readTree(viaHeader.body()).path("device_token").asText())
        .isEqualTo(token);
    for (List<String> bad : List.of(List.of("X-Janua-Device", "jdv_" + "A".repeat(43)),
        List.of("Cookie", "janua_device=garbage"))) {
      assertThat(signin(email, DEVICE_PASSWORD, bad.toArray(String[]::new)).statusCode())
          .isEqualTo(429);
    }
  }
}
