package dev.janua.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.examples.JanuaExampleServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example service started in-process on a free loopback port (embedded: in-memory store,
 * generated signing key), with just enough of a client to get tokens from it over HTTP.
 */
final class JanuaService implements AutoCloseable {
  static final String CLIENT_ID = "spring-rs";
  static final String CLIENT_SECRET = "0123456789abcdef0123456789abcdef";
  static final String AUDIENCE = "janua";
  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger CALLERS = new AtomicInteger();

  private final JanuaExampleServer server;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  private JanuaService(JanuaExampleServer server) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** Starts the example with the common settings plus {@code extra} (e.g. JWT_ACCESS_TOKEN_TYPE). */
  static JanuaService start(Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>(extra);
    env.put("HOST", "127.0.0.1");
    env.put("JANUA_CLIENTS", CLIENT_ID + ":" + CLIENT_SECRET);
    env.put("BCRYPT_ROUNDS", "4");
    env.put("TRUSTED_PROXIES", "127.0.0.1/32,::1/128");
    // PUBLIC_BASE_URL (hence iss and the discovery document) must name the bound port: pick it first.
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      env.put("PORT", Integer.toString(port));
      env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
      try {
        return new JanuaService(JanuaExampleServer.start(env));
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e; // the port was taken between probe and bind three times running
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The base URL, also PUBLIC_BASE_URL and so the tokens' issuer. */
  String baseUrl() {
    return base;
  }

  /** A new user's session token (no org, roles or scope). */
  User signup() throws Exception {
    String ip = "10.1.0." + (CALLERS.incrementAndGet() % 250 + 1);
    String email = "rs-" + UUID.randomUUID() + "@example.com";
    JsonNode tokens = call("POST", "/api/v1/auth/signup", null, ip,
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", 201);
    return new User(ip, tokens.path("access_token").asText());
  }

  /** A user's session token and the address it calls from. */
  final class User {
    final String ip;
    final String accessToken;

    User(String ip, String accessToken) {
      this.ip = ip;
      this.accessToken = accessToken;
    }

    /** Creates an organization (the user is its owner) and returns its organization token. */
    String ownOrganizationToken() throws Exception {
      String slug = "rs-" + UUID.randomUUID().toString().substring(0, 8);
      JsonNode org = call("POST", "/api/v1/organizations", accessToken, ip,
          "{\"name\":\"Resource Servers\",\"slug\":\"" + slug + "\"}", 201);
      return call("POST", "/api/v1/organizations/" + org.path("id").asText() + "/token",
          accessToken, ip, null, 200).path("access_token").asText();
    }

    /** Signs the session out: every token of it dies. */
    void signout() throws Exception {
      call("POST", "/api/v1/auth/signout", accessToken, ip, null, 204);
    }
  }

  private JsonNode call(String method, String path, String bearer, String ip, String json, int expected)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Forwarded-For", ip)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != expected) {
      throw new AssertionError(method + " " + path + ": " + res.statusCode() + " " + res.body());
    }
    return res.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(res.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
