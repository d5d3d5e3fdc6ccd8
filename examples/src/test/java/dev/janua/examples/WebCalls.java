package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A caller of the MFA and browser-session route tests: its own client address (100.64.0.0/10,
 * through the trusted loopback proxy), any method, headers and cookies it is given.
 */
final class WebCalls {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger CALLERS = new AtomicInteger();

  private final String base;
  final String ip;

  WebCalls(String base) {
    this.base = base;
    int n = CALLERS.incrementAndGet();
    this.ip = "100.64." + (n / 250 % 250) + "." + (1 + n % 250);
  }

  static String email(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  /** An answer. */
  record Reply(int status, String body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String errorCode() throws Exception {
      return json().path("error").path("code").asText();
    }

    /** Each {@code Set-Cookie} by cookie name: the whole header value. */
    Map<String, String> setCookies() {
      Map<String, String> out = new LinkedHashMap<>();
      for (String v : response.headers().allValues("Set-Cookie")) {
        out.put(v.substring(0, v.indexOf('=')), v);
      }
      return out;
    }

    /** The value a {@code Set-Cookie} gives the cookie, or null when it sets none. */
    String cookie(String name) {
      String v = setCookies().get(name);
      if (v == null) {
        return null;
      }
      int semi = v.indexOf(';');
      return v.substring(name.length() + 1, semi < 0 ? v.length() : semi);
    }

    /** The attributes of a {@code Set-Cookie}, lower-cased names, e.g. {@code httponly=""}. */
    Map<String, String> cookieAttributes(String name) {
      String v = setCookies().get(name);
      assertThat(v).as("Set-Cookie " + name).isNotNull();
      Map<String, String> out = new LinkedHashMap<>();
      String[] parts = v.split(";");
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        int eq = p.indexOf('=');
        out.put((eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT),
            eq < 0 ? "" : p.substring(eq + 1));
      }
      return out;
    }
  }

  Reply send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Forwarded-For", ip)
        .header("User-Agent", "janua-web-it");
    if (headers.length > 0) {
      b.headers(headers);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  Reply bearer(String method, String path, String access, String body) throws Exception {
    return send(method, path, body, "Authorization", "Bearer " + access);
  }

  /** Signs up a new account as an API client; the JSON answer (tokens in the body). */
  JsonNode signup(String email) throws Exception {
    Reply r = send("POST", "/api/v1/auth/signup",
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** {@code Cookie} header value of these cookies. */
  static String cookieHeader(Map<String, String> cookies) {
    StringBuilder sb = new StringBuilder();
    cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
    return sb.toString();
  }

  static List<String> list(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
