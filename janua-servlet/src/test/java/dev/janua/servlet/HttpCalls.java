package dev.janua.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated client: its own address (sent as {@code X-Forwarded-For} through the trusted
 * loopback proxy), so rate-limit windows never leak between tests.
 */
final class HttpCalls {
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JettyServer server;
  final String ip;

  HttpCalls(JettyServer server) {
    this.server = server;
    int n = CLIENTS.incrementAndGet();
    this.ip = "198.51." + (100 + n / 250) + "." + (1 + n % 250);
  }

  HttpResponse<String> get(String path, String token, String... headers) throws Exception {
    return send("GET", path, token, null, headers);
  }

  HttpResponse<String> post(String path, String token, String json, String... headers)
      throws Exception {
    return send("POST", path, token, json, headers);
  }

  HttpResponse<String> send(String method, String path, String token, String json,
      String... headers) throws Exception {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Forwarded-For", ip);
    h.put("User-Agent", "janua-servlet-test");
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    if (json != null) {
      h.put("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return server.send(method, path, json, h);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return MAPPER.readTree(r.body());
  }

  static String errorCode(HttpResponse<String> r) throws Exception {
    return json(r).path("error").path("code").asText();
  }

  static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}
