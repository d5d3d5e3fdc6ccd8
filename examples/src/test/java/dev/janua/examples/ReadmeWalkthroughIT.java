package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Walk through it", as a new user runs it: the example on its embedded default (no
 * SMTP, so messages go to the console's development outbox, from where the user copies each
 * link's token), then sign up, verify the email, forget the password, reset it, create an
 * organization, invite a colleague, accept, switch organization, create an API token and call
 * {@code /me} with it. The steps are checked against the README's own curl lines, so the two
 * cannot drift apart.
 */
class ReadmeWalkthroughIT {
  private static final Pattern CURL = Pattern.compile(
      "^(?:\\w+=\\$\\()?curl -s (?:-X(\\w+) )?\\$A(/[^\\s\"']+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final Console console = new Console();
  private final List<String> steps = new ArrayList<>();
  private @Nullable JanuaExampleServer server;
  private String api = "";

  @AfterEach
  void stop() {
    console.restore();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void walkthrough_asTheReadmeTellsIt() throws Exception {
    console.capture();
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(port));
    env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    env.put("BCRYPT_ROUNDS", "4");
    server = JanuaExampleServer.start(env);
    api = "http://127.0.0.1:" + server.port() + "/api/v1";

    call("POST", "/auth/signup", null,
        "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}", 201);
    call("POST", "/auth/email/verify", null,
        "{\"token\":\"" + console.token("verify-email", 1) + "\"}", 204);
    JsonNode forgot = call("POST", "/auth/password/forgot", null,
        "{\"email\":\"ada@example.com\"}", 202);
    assertThat(forgot.size()).as("always the same empty answer").isZero();
    call("POST", "/auth/password/reset", null, "{\"token\":\""
        + console.token("reset-password", 1) + "\",\"new_password\":\"a brand new passphrase\"}", 204);
    String ada = call("POST", "/auth/signin", null,
        "{\"email\":\"ada@example.com\",\"password\":\"a brand new passphrase\"}", 200)
        .get("access_token").asText();
    String org = call("POST", "/organizations", ada, "{\"name\":\"Acme\",\"slug\":\"acme\"}", 201)
        .get("id").asText();
    String grace = call("POST", "/auth/signup", null,
        "{\"email\":\"grace@example.com\",\"password\":\"another good passphrase\"}", 201)
        .get("access_token").asText();
    call("POST", "/auth/email/verify", null,
        "{\"token\":\"" + console.token("verify-email", 2) + "\"}", 204);
    call("POST", "/organizations/$ORG/invitations", ada,
        "{\"email\":\"grace@example.com\",\"role\":\"member\"}", 201, org);
    JsonNode membership = call("POST", "/invitations/accept", grace,
        "{\"token\":\"" + console.token("accept-invitation", 1) + "\"}", 200);
    assertThat(membership.toString()).contains(org).contains("member");
    JsonNode switched = call("POST", "/auth/switch-organization", grace,
        "{\"organization_id\":\"" + org + "\"}", 200);
    JsonNode claims = claims(switched.get("access_token").asText());
    assertThat(claims.get("org").asText()).isEqualTo(org);
    assertThat(claims.get("roles").toString()).contains("member");
    String key = call("POST", "/api-tokens", ada, "{\"name\":\"ci\",\"organization_id\":\"" + org
        + "\",\"permissions\":[\"org:read\"],\"expires_at\":\""
        + Instant.now().plus(Duration.ofDays(30)) + "\"}", 201).get("token").asText();
    assertThat(key).startsWith("jnu_");
    JsonNode me = call("GET", "/auth/me", key, null, 200);
    assertThat(me.get("email").asText()).isEqualTo("ada@example.com");

    assertThat(steps).as("the README's curl lines, in order").isEqualTo(readmeSteps());
  }

  /** One request, recorded as {@code METHOD path} with the README's placeholders. */
  private JsonNode call(String method, String path, @Nullable String bearer, @Nullable String body,
      int expected, String... orgId) throws IOException, InterruptedException {
    steps.add(method + " " + path);
    String concrete = orgId.length == 0 ? path : path.replace("$ORG", orgId[0]);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + concrete))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  private static JsonNode claims(String jwt) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** {@code METHOD path} of every curl line of the README's walkthrough block. */
  private static List<String> readmeSteps() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("### Walk through it");
    assertThat(section).as("README has the walkthrough").isNotNegative();
    int open = readme.indexOf("```bash", section);
    String block = readme.substring(open, readme.indexOf("```", open + 7));
    List<String> steps = new ArrayList<>();
    for (String line : block.split("\n")) {
      Matcher m = CURL.matcher(line.strip());
      if (m.find()) {
        steps.add((m.group(1) == null ? "GET" : m.group(1)) + " " + m.group(2));
      }
    }
    return steps;
  }

  /** System.out teed into a buffer, where the development outbox prints each message. */
  private static final class Console {
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private @Nullable PrintStream original;

    void capture() {
      original = System.out;
      PrintStream real = original;
      System.setOut(new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
          real.write(b);
          synchronized (seen) {
            seen.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          real.write(b, off, len);
          synchronized (seen) {
            seen.write(b, off, len);
          }
        }
      }, true, StandardCharsets.UTF_8));
    }

    void restore() {
      if (original != null) {
        System.setOut(original);
      }
    }

    /** The token of the n-th {@code /path?token=} link printed (delivery is asynchronous). */
    String token(String path, int n) throws InterruptedException {
      Pattern link = Pattern.compile("/" + path + "\\?token=([A-Za-z0-9_\\-]+)");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        String text;
        synchronized (seen) {
          text = seen.toString(StandardCharsets.UTF_8);
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = link.matcher(text);
        while (m.find()) {
          if (!tokens.contains(m.group(1))) {
            tokens.add(m.group(1));
          }
        }
        if (tokens.size() >= n) {
          return tokens.get(n - 1);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no " + path + " link number " + n + " in the console outbox");
        }
        Thread.sleep(20);
      }
    }
  }
}
