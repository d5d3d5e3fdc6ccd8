package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaException;
import dev.janua.Principal;
import dev.janua.http.JsonCodec;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.UserDeletion;
import dev.janua.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the example's HTTP API (in-memory store, over real HTTP): {@link HttpFuzzRequests}'s
 * requests on every route, 3,000 by default ({@code -Djanua.fuzz.http.requests=N}, {@code
 * -Djanua.fuzz.seed=S} for more or others), plus raw requests that no HTTP client would send (bad
 * {@code Content-Length}, broken chunking, oversized or non-ASCII headers). Asserted for each:
 * never a 5xx; a refusal that reached the service has the error shape (Janua's, or RFC 6749's on
 * the OAuth endpoints); a refusal wrote nothing to the store (a 401, 403 or 429 may write audit
 * events and an API token's last-use stamp); a body no JSON route can take is refused.
 */
class HttpInputFuzzIT {
  private static final int REQUESTS = Integer.getInteger("janua.fuzz.http.requests", 3_000);
  private static final long SEED = Long.getLong("janua.fuzz.seed", 20_261_202L);
  /** Store calls that read, by name prefix; every other call on an aggregate is a write. */
  private static final List<String> READS = List.of("find", "get", "live", "members", "roles",
      "listOf", "pending", "query", "activeOrganization", "count", "exists", "list");
  /**
   * Refusals that are security events (a failed signin, a bad token, a forbidden action, a
   * limit): these may write the audit trail and an API token's last-use stamp. Any other refusal
   * (bad input, unknown route, conflict) writes nothing at all.
   */
  private static final Set<Integer> SECURITY_REFUSALS = Set.of(401, 403, 429);
  /** Writes a security refusal may make. */
  private static final Set<String> ALLOWED_ON_REFUSAL = Set.of("AuditStore.append",
      "ApiTokenStore.touch");

  private final ObjectMapper mapper = new ObjectMapper();
  /** Bodies larger than this go out raw, in one attempt (see {@link #send}). */
  private static final int RAW_ABOVE_BYTES = 16 * 1024;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<String> writes = new ConcurrentLinkedQueue<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
  private JanuaExampleServer server;
  private AuthEngine engine;
  private int identities;

  @BeforeEach
  void start() {
    Map<String, String> env = Map.of("HOST", "127.0.0.1", "PORT", "0", "BCRYPT_ROUNDS", "4",
        "TRUSTED_PROXIES", "127.0.0.1/32,::1/128", "JANUA_CLIENTS", OAuthRoutesTests.JANUA_CLIENTS,
        "EMAIL_VERIFICATION", "false"); // no verification mail printed per test user
    server = JanuaExampleServer.start(env, List.of(), clock, b -> b.install(
        ctx -> ctx.decorateStore(this::counting)));
    engine = server.engine();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A response: status, headers (lower-case names), body; status 0 when the server hung up. */
  record Answer(int status, Map<String, String> headers, byte[] body) {}

  @Test
  void fuzz_everyRoute_refusedWithTheErrorShape_neverA5xx_neverAPartialWrite() throws Exception {
    Random random = new Random(SEED);
    HttpFuzzRequests.Identity me = identity();
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < REQUESTS && violations.size() < 20; i++) {
      me = live(me);
      String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      boolean raw = random.nextInt(10) == 0;
      HttpFuzzRequests.Request req = HttpFuzzRequests.next(random, me, ip);
      writes.clear();
      Answer a = raw ? raw(RawRequests.of(req, random)) : send(req);
      List<String> written = new ArrayList<>(writes);
      String what = (raw ? "raw " : "") + req.method() + " " + abbreviate(req.path()) + " ["
          + req.kind() + ", " + req.body().length + " bytes, headers " + abbreviate(
          req.headers().keySet().toString()) + "] -> " + a.status() + " " + abbreviate(
          new String(a.body(), StandardCharsets.UTF_8));
      statuses.merge(req.route().method() + " " + req.route().template() + " " + a.status(), 1,
          Integer::sum);
      if (a.status() >= 500) {
        violations.add("a 5xx: " + what);
      }
      if (a.status() >= 400) {
        String shape = shapeProblem(req, a);
        if (shape != null) {
          violations.add(shape + ": " + what);
        }
        if (SECURITY_REFUSALS.contains(a.status())) {
          written.removeIf(ALLOWED_ON_REFUSAL::contains);
        }
        if (!written.isEmpty()) {
          violations.add("a refusal wrote " + written + ": " + what);
        }
      } else if (a.status() != 0 && !raw && req.route().body() == HttpFuzzRequests.Body.JSON
          && (req.strictlyMalformed() || !isJsonType(req.headers().get("Content-Type")))) {
        violations.add("a malformed body was taken: " + what);
      }
    }
    System.out.printf("HTTP fuzz: %d requests (seed %d), %d test users%n", REQUESTS, SEED,
        identities);
    statuses.forEach((k, v) -> System.out.printf("  %-72s %6d%n", k, v));
    assertThat(violations).isEmpty();
    // The fuzz reached the handlers, not only the front door.
    assertThat(statuses.keySet()).anyMatch(k -> k.endsWith(" 400"))
        .anyMatch(k -> k.endsWith(" 401")).anyMatch(k -> k.endsWith(" 413"))
        .anyMatch(k -> k.endsWith(" 415")).anyMatch(k -> k.startsWith("GET /api/v1/auth/me 200"));
  }

  /** What is wrong with a refusal's body, or null. */
  private String shapeProblem(HttpFuzzRequests.Request req, Answer a) {
    if (!a.headers().containsKey("x-request-id")) {
      return null; // refused by Jetty before any route (a protocol error): not the service's answer
    }
    JsonNode body;
    try {
      body = mapper.readTree(a.body());
    } catch (IOException e) {
      return "a refusal that is not JSON";
    }
    if (isOAuth(req)) {
      return body != null && body.path("error").isTextual()
          && body.path("error_description").isTextual() ? null : "not the RFC 6749 error shape";
    }
    JsonNode e = body == null ? null : body.get("error");
    boolean ok = e != null && e.path("code").isTextual() && e.path("message").isTextual()
        && e.path("details").isObject() && e.path("request_id").isTextual()
        && a.headers().getOrDefault("content-type", "").startsWith(JsonCodec.JSON);
    return ok ? null : "not the error shape";
  }

  /** The RFC 7662 and RFC 7009 endpoints answer RFC 6749's error shape, not Janua's. */
  private static boolean isOAuth(HttpFuzzRequests.Request req) {
    return req.route().body() == HttpFuzzRequests.Body.FORM;
  }

  private static boolean isJsonType(String type) {
    try {
      JsonCodec.requireJson(type);
      return true;
    } catch (JanuaException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ the test user

  /** A fresh user with a session and an organization, made through the engine. */
  private HttpFuzzRequests.Identity identity() {
    identities++;
    AuthResult r = engine.signup("fuzz-user-" + identities + "@example.com",
        "correct horse battery " + identities,
        new ClientInfo("198.18." + (identities >> 8 & 255) + "." + (identities & 255), "fuzz"),
        "Fuzz");
    Principal p = engine.validate(r.tokens().accessToken());
    String org = engine.organizations().create(p, "Fuzz " + identities, "fuzz-" + identities).id();
    return new HttpFuzzRequests.Identity(r.tokens().accessToken(), r.tokens().refreshToken(),
        r.user().id(), org, r.session().id());
  }

  /** The same user while its session and organization last (a fuzzed request may end them). */
  private HttpFuzzRequests.Identity live(HttpFuzzRequests.Identity me) {
    try {
      engine.organizations().get(engine.validate(me.accessToken()), me.organizationId());
      return me;
    } catch (JanuaException e) {
      return identity();
    }
  }

  // ------------------------------------------------------------------ sending

  private Answer send(HttpFuzzRequests.Request req) throws Exception {
    if (req.body().length > RAW_ABOVE_BYTES) {
      // The server may answer (and act) before reading a large body, then close: the JDK client
      // would report only the broken pipe, and sending the request again would run it twice.
      return raw(RawRequests.plain(req));
    }
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + req.path()))
          .timeout(Duration.ofSeconds(30))
          .method(req.method(), HttpRequest.BodyPublishers.ofByteArray(req.body()));
      req.headers().forEach(b::header);
    } catch (IllegalArgumentException e) {
      // A header value or path the JDK client will not send: send those bytes raw.
      return raw(RawRequests.plain(req));
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // The server answered and closed before the client finished writing: the JDK client
      // reports only the broken pipe. Bodies that large go raw above, so this attempt did not run
      // the request; read the answer raw.
      return raw(RawRequests.plain(req));
    }
    Map<String, String> headers = new TreeMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    return new Answer(r.statusCode(), headers, r.body());
  }

  /** Writes the bytes on a fresh connection and reads the answer up to the server's close. */
  private Answer raw(byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // The server may refuse and close before reading everything: read its answer anyway.
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        // Reset after the answer: keep what arrived.
      }
      return RawRequests.parse(all.toByteArray());
    }
  }

  // ------------------------------------------------------------------ counting writes

  private Store counting(Store store) {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, m, args) -> {
          Object result = call(store, m, args);
          Class<?> type = m.getReturnType();
          if (result != null && type.isInterface() && m.getParameterCount() == 0
              && type.getPackageName().equals("dev.janua.spi")) {
            return aggregate(type, result);
          }
          return result;
        });
  }

  private Object aggregate(Class<?> type, Object target) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, m, args) -> {
          Object result = call(target, m, args);
          if (m.getDeclaringClass() != Object.class
              && READS.stream().noneMatch(m.getName()::startsWith) && changed(result)) {
            writes.add(type.getSimpleName() + "." + m.getName());
          }
          return result;
        });
  }

  /** Whether a store write's answer says it changed something (void: it did). */
  private static boolean changed(Object result) {
    if (result instanceof Boolean b) {
      return b;
    }
    if (result instanceof Integer n) {
      return n != 0;
    }
    if (result instanceof RotationOutcome o) {
      return o instanceof RotationOutcome.Rotated;
    }
    if (result instanceof UserDeletion d) {
      return d.result() == UserDeletion.Result.DELETED;
    }
    if (result instanceof java.util.Optional<?> o) {
      return o.isPresent();
    }
    if (result instanceof Enum<?> e) {
      return Set.of("DONE", "ACCEPTED").contains(e.name());
    }
    return true;
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 160 ? printable.substring(0, 160) + "..." : printable;
  }
}
