package dev.janua.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An HTTP load driver for the example service: N concurrent clients, each with its own account,
 * session and organization, run a weighted mix of signin / refresh / me / organization reads for a
 * fixed time, then the driver prints P50/P95/P99 and the error count per endpoint next to the
 * guide's targets, and the throughput of {@code GET /api/v1/auth/me} as a ratio to {@code GET
 * /health} measured on the same server in the same run.
 *
 * <pre>
 * java -cp benchmarks.jar dev.janua.benchmarks.LoadDriver --start-example [options]
 * java -cp benchmarks.jar dev.janua.benchmarks.LoadDriver --url http://127.0.0.1:4100 [options]
 *
 *   --clients N          concurrent clients (default 8)
 *   --duration SECONDS   the measured mixed phase (default 20, at most 600)
 *   --warmup SECONDS     unmeasured mixed load first (default 5)
 *   --ratio SECONDS      each of the /health and /me throughput phases (default 5)
 *   --mix signin=1,refresh=2,me=10,org=5   relative weights
 *   --env KEY=VALUE      a variable for the in-process example (repeatable), e.g. BCRYPT_ROUNDS=10
 *   --flood N            also measure GET /api/v1/auth/me alone and while N more threads flood
 *                        POST /api/v1/auth/signin with wrong passwords (unknown emails, so that
 *                        every attempt is hashed and no account lock cuts the flood short)
 *   --compare-url URL    also measure GET /api/v1/auth/me on this server (a resource server
 *                        validating the same tokens, e.g. benchmarks-spring), alternating with
 *                        the target in --rounds pairs of --ratio seconds each
 *   --rounds N           pairs of the comparison (default 3)
 * </pre>
 *
 * <p>Only loopback targets are accepted, and every phase ends by itself: the whole run is bounded
 * by 2 x warmup + 2 x ratio + duration plus the setup, and every request by a 10 s timeout. With
 * {@code --start-example} the service runs in this JVM (on a free loopback port, rate limits off
 * unless {@code --env} says otherwise), which needs the examples module on the class path (the
 * shaded benchmarks jar has it).
 */
public final class LoadDriver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  /** The endpoints of the mix, with the guide's targets (compared with P95). */
  enum Endpoint {
    SIGNIN("POST /api/v1/auth/signin", 100),
    REFRESH("POST /api/v1/auth/refresh", 50),
    ME("GET /api/v1/auth/me", 20),
    ORG("GET /api/v1/organizations/:id", 30);

    final String label;
    final int targetMillis;

    Endpoint(String label, int targetMillis) {
      this.label = label;
      this.targetMillis = targetMillis;
    }
  }

  /** Parsed command line. */
  record Options(URI url, boolean startExample, int clients, Duration duration, Duration warmup,
      Duration ratio, Map<Endpoint, Integer> mix, Map<String, String> env, int flood,
      URI compareUrl, int rounds) {}

  private final URI base;
  private final Options options;
  private final HttpClient http;

  private LoadDriver(URI base, Options options) {
    this.base = base;
    this.options = options;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Runs the load and prints the report.
   *
   * @param args see the class documentation
   * @throws Exception when the target cannot be reached or set up
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LoadDriver: " + e.getMessage());
      System.err.println("usage: LoadDriver (--start-example | --url http://127.0.0.1:PORT) "
          + "[--clients N] [--duration S] [--warmup S] [--ratio S] "
          + "[--mix signin=1,refresh=2,me=10,org=5] [--env KEY=VALUE] [--flood N] [--compare-url URL] [--rounds N]");
      System.exit(2);
      return;
    }
    AutoCloseable server = null;
    URI url = options.url();
    if (options.startExample()) {
      Map<String, String> env = new HashMap<>();
      env.put("HOST", "127.0.0.1");
      env.put("PORT", "0");
      env.put("RATE_LIMIT_ENABLED", "false");
      env.putAll(options.env());
      Object started = startExample(env);
      server = (AutoCloseable) started;
      int port = (int) started.getClass().getMethod("port").invoke(started);
      url = URI.create("http://127.0.0.1:" + port);
    }
    try {
      requireLoopback(url);
      new LoadDriver(url, options).run(System.out);
    } finally {
      if (server != null) {
        server.close();
      }
    }
    System.exit(0);
  }

  private static Object startExample(Map<String, String> env) throws Exception {
    Class<?> type;
    try {
      type = Class.forName("dev.janua.examples.JanuaExampleServer");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("--start-example needs the examples module on the class "
          + "path; use --url http://127.0.0.1:PORT with a running example service instead");
    }
    Method start = type.getMethod("start", Map.class);
    return start.invoke(null, env);
  }

  static void requireLoopback(URI url) {
    if (url == null || !"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("--url must be http://127.0.0.1:PORT (or another loopback host)");
    }
    Services.requireLoopback(url.getHost(), "--url");
  }

  static Options parse(String[] args) {
    URI url = null;
    boolean start = false;
    int clients = 8;
    Duration duration = Duration.ofSeconds(20);
    Duration warmup = Duration.ofSeconds(5);
    Duration ratio = Duration.ofSeconds(5);
    Map<Endpoint, Integer> mix = parseMix("signin=1,refresh=2,me=10,org=5");
    Map<String, String> env = new LinkedHashMap<>();
    int flood = 0;
    URI compare = null;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--start-example" -> start = true;
        case "--url" -> { url = URI.create(need(a, v)); i++; }
        case "--clients" -> { clients = positive(a, need(a, v), 1, 512); i++; }
        case "--duration" -> { duration = Duration.ofSeconds(positive(a, need(a, v), 1, 600)); i++; }
        case "--warmup" -> { warmup = Duration.ofSeconds(positive(a, need(a, v), 0, 120)); i++; }
        case "--ratio" -> { ratio = Duration.ofSeconds(positive(a, need(a, v), 1, 120)); i++; }
        case "--mix" -> { mix = parseMix(need(a, v)); i++; }
        case "--flood" -> { flood = positive(a, need(a, v), 0, 64); i++; }
        case "--compare-url" -> { compare = URI.create(need(a, v)); i++; }
        case "--rounds" -> { rounds = positive(a, need(a, v), 1, 20); i++; }
        case "--env" -> {
          String kv = need(a, v);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--env takes KEY=VALUE");
          }
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
          i++;
        }
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (start == (url != null)) {
      throw new IllegalArgumentException("give exactly one of --start-example and --url");
    }
    if (url != null) {
      requireLoopback(url);
    }
    if (compare != null) {
      requireLoopback(compare);
    }
    return new Options(url, start, clients, duration, warmup, ratio, mix, env, flood, compare,
        rounds);
  }

  private static String need(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return value;
  }

  private static int positive(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number");
    }
  }

  static Map<Endpoint, Integer> parseMix(String text) {
    Map<Endpoint, Integer> mix = new EnumMap<>(Endpoint.class);
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("--mix takes name=weight pairs, e.g. signin=1,me=10");
      }
      Endpoint e;
      try {
        e = Endpoint.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--mix names signin, refresh, me and org, not " + kv[0]);
      }
      mix.put(e, positive("--mix " + kv[0], kv[1].trim(), 0, 1000));
    }
    if (mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
      throw new IllegalArgumentException("--mix needs at least one positive weight");
    }
    return mix;
  }

  // ------------------------------------------------------------------ the run

  /** One simulated client: its account, current tokens and organization. */
  private final class Client {
    final String email;
    final String password = "load-driver-password-1";
    final SplittableRandom random;
    String accessToken;
    String refreshToken;
    String organizationId;

    Client(int n, long seed) {
      this.email = "load-" + seed + "-" + n + "@example.com";
      this.random = new SplittableRandom(seed + n);
    }

    void setUp() throws IOException, InterruptedException {
      HttpResponse<String> r = post("/api/v1/auth/signup", null, Map.of("email", email,
          "password", password, "name", "Load " + email.hashCode()));
      requireOk(r, "signup");
      takeTokens(r);
      HttpResponse<String> o = post("/api/v1/organizations", accessToken, Map.of(
          "name", "Load org", "slug", "load-" + Integer.toHexString(email.hashCode())
              + "-" + Long.toHexString(random.nextLong() & 0xffffffL)));
      requireOk(o, "create organization");
      organizationId = JSON.readTree(o.body()).path("id").asText();
    }

    void takeTokens(HttpResponse<String> r) throws IOException {
      JsonNode body = JSON.readTree(r.body());
      accessToken = body.path("access_token").asText();
      refreshToken = body.path("refresh_token").asText();
    }

    /** Runs one request of the endpoint; answers the status (or -1 on an I/O failure). */
    int call(Endpoint e) throws InterruptedException {
      try {
        HttpResponse<String> r = switch (e) {
          case SIGNIN -> post("/api/v1/auth/signin", null, Map.of("email", email, "password", password));
          case REFRESH -> post("/api/v1/auth/refresh", null, Map.of("refresh_token", refreshToken));
          case ME -> get("/api/v1/auth/me", accessToken);
          case ORG -> get("/api/v1/organizations/" + organizationId, accessToken);
        };
        if ((e == Endpoint.SIGNIN || e == Endpoint.REFRESH) && r.statusCode() / 100 == 2) {
          takeTokens(r);
        }
        return r.statusCode();
      } catch (IOException ex) {
        return -1;
      }
    }
  }

  private HttpResponse<String> post(String path, String bearer, Map<String, String> body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
    return get(base, path, bearer);
  }

  private HttpResponse<String> get(URI server, String path, String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void requireOk(HttpResponse<String> r, String what) {
    if (r.statusCode() / 100 != 2) {
      String hint = r.statusCode() == 429 ? " (the server rate-limits 127.0.0.1: start it with "
          + "RATE_LIMIT_ENABLED=false or RATE_LIMIT_WHITELIST=127.0.0.1/32)" : "";
      throw new IllegalStateException(what + " answered HTTP " + r.statusCode() + hint);
    }
  }

  /** What one phase measured. */
  private static final class Tally {
    final Map<Endpoint, Histogram> latency = new EnumMap<>(Endpoint.class);
    final Map<Endpoint, Integer> errors = new EnumMap<>(Endpoint.class);
    final Map<String, Integer> errorStatuses = new LinkedHashMap<>();
    long requests;

    Histogram histogram(Endpoint e) {
      return latency.computeIfAbsent(e, k -> new Histogram(MAX_LATENCY_MICROS, 3));
    }

    void record(Endpoint e, long micros, int status) {
      requests++;
      histogram(e).recordValue(Math.min(Math.max(micros, 0), MAX_LATENCY_MICROS));
      if (status / 100 != 2) {
        errors.merge(e, 1, Integer::sum);
        errorStatuses.merge(e.name().toLowerCase(Locale.ROOT) + ":" + (status < 0 ? "io" : status),
            1, Integer::sum);
      }
    }

    void add(Tally other) {
      requests += other.requests;
      other.latency.forEach((e, h) -> histogram(e).add(h));
      other.errors.forEach((e, n) -> errors.merge(e, n, Integer::sum));
      other.errorStatuses.forEach((k, n) -> errorStatuses.merge(k, n, Integer::sum));
    }
  }

  private interface Step {
    void run(Client c, Tally t) throws InterruptedException;
  }

  private Tally phase(List<Client> clients, Duration length, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      long deadline = System.nanoTime() + length.toNanos();
      List<Future<Tally>> running = new ArrayList<>();
      for (Client c : clients) {
        running.add(pool.submit(() -> {
          Tally t = new Tally();
          while (System.nanoTime() < deadline) {
            step.run(c, t);
          }
          return t;
        }));
      }
      Tally total = new Tally();
      for (Future<Tally> f : running) {
        total.add(f.get(length.toMillis() + 2 * REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return total;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private Step mixed() {
    Endpoint[] wheel = options.mix().entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.generate(e::getKey).limit(e.getValue()))
        .toArray(Endpoint[]::new);
    return (c, t) -> {
      Endpoint e = wheel[c.random.nextInt(wheel.length)];
      long start = System.nanoTime();
      int status = c.call(e);
      t.record(e, (System.nanoTime() - start) / 1000, status);
      if (status / 100 != 2 && e == Endpoint.REFRESH) {
        // The refresh token may be spent: sign in again (recorded as a signin).
        long s = System.nanoTime();
        int again = c.call(Endpoint.SIGNIN);
        t.record(Endpoint.SIGNIN, (System.nanoTime() - s) / 1000, again);
      }
    };
  }

  private Step only(Endpoint e, boolean health) {
    return (c, t) -> {
      long start = System.nanoTime();
      int status;
      try {
        status = health ? get("/health", null).statusCode() : c.call(e);
      } catch (IOException ex) {
        status = -1;
      }
      t.record(e, (System.nanoTime() - start) / 1000, status);
    };
  }

  void run(PrintStream out) throws Exception {
    long seed = System.currentTimeMillis();
    out.printf("Load driver: %s, %d clients, warmup %ds, /health and /me phases %ds each, "
        + "mixed phase %ds, mix %s%n", base, options.clients(), options.warmup().toSeconds(),
        options.ratio().toSeconds(), options.duration().toSeconds(), options.mix());
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < options.clients(); i++) {
      Client c = new Client(i, seed);
      c.setUp();
      clients.add(c);
    }
    if (!options.warmup().isZero()) {
      // Warm both paths of the throughput ratio too, so that neither is measured cold.
      phase(clients, options.warmup(), mixed());
      phase(clients, options.warmup(), only(Endpoint.ME, true));
    }
    Tally health = phase(clients, options.ratio(), only(Endpoint.ME, true));
    Tally me = phase(clients, options.ratio(), only(Endpoint.ME, false));
    Tally mix = phase(clients, options.duration(), mixed());

    out.println();
    out.printf("%-30s %8s %7s %9s %9s %9s %9s  %s%n", "endpoint (mixed phase)", "requests",
        "errors", "P50 ms", "P95 ms", "P99 ms", "target", "P95 vs target");
    for (Endpoint e : Endpoint.values()) {
      Histogram h = mix.latency.get(e);
      if (h == null || h.getTotalCount() == 0) {
        continue;
      }
      double p95 = h.getValueAtPercentile(95) / 1000.0;
      out.printf(Locale.ROOT, "%-30s %8d %7d %9.2f %9.2f %9.2f %9s  %s%n", e.label, h.getTotalCount(),
          mix.errors.getOrDefault(e, 0), h.getValueAtPercentile(50) / 1000.0, p95,
          h.getValueAtPercentile(99) / 1000.0, "< " + e.targetMillis + " ms",
          p95 < e.targetMillis ? "MET" : "MISSED");
    }
    if (!mix.errorStatuses.isEmpty()) {
      out.println("errors by endpoint:status " + mix.errorStatuses);
    }
    double healthRate = health.requests / (double) options.ratio().toSeconds();
    double meRate = me.requests / (double) options.ratio().toSeconds();
    out.printf(Locale.ROOT, "%nthroughput, %d clients: GET /health %.0f req/s (%d errors), "
        + "GET /api/v1/auth/me %.0f req/s (%d errors): me/health = %.2f%n", options.clients(),
        healthRate, health.errors.values().stream().mapToInt(Integer::intValue).sum(), meRate,
        me.errors.values().stream().mapToInt(Integer::intValue).sum(), meRate / healthRate);
    out.printf(Locale.ROOT, "mixed phase: %d requests in %ds = %.0f req/s%n", mix.requests,
        options.duration().toSeconds(), mix.requests / (double) options.duration().toSeconds());
    if (options.flood() > 0) {
      flood(clients, out);
    }
    if (options.compareUrl() != null) {
      compare(clients, out);
    }
    Objects.requireNonNull(out).flush();
  }

  private Step meAt(URI server) {
    return (c, t) -> {
      long start = System.nanoTime();
      int status;
      try {
        status = get(server, "/api/v1/auth/me", c.accessToken).statusCode();
      } catch (IOException ex) {
        status = -1;
      }
      t.record(Endpoint.ME, (System.nanoTime() - start) / 1000, status);
    };
  }

  private static String summary(Tally t, Duration length) {
    Histogram h = t.histogram(Endpoint.ME);
    return String.format(Locale.ROOT, "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors",
        t.requests / (length.toNanos() / 1e9), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, t.errors.values().stream().mapToInt(Integer::intValue).sum());
  }

  /** GET /me alone, then the same while {@code --flood} threads send wrong passwords. */
  private void flood(List<Client> clients, PrintStream out) throws Exception {
    Duration length = options.ratio();
    Tally alone = phase(clients, length, only(Endpoint.ME, false));
    ExecutorService flooders = Executors.newFixedThreadPool(options.flood());
    Map<String, Integer> floodStatuses = new java.util.concurrent.ConcurrentHashMap<>();
    long deadline = System.nanoTime() + length.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < options.flood(); i++) {
      int n = i;
      running.add(flooders.submit(() -> {
        SplittableRandom r = new SplittableRandom(n);
        while (System.nanoTime() < deadline) {
          int status;
          try {
            status = post("/api/v1/auth/signin", null, Map.of("email", "flood-" + n + "-"
                + Long.toHexString(r.nextLong()) + "@example.com", "password", "wrong-password-1"))
                .statusCode();
          } catch (IOException e) {
            status = -1;
          }
          floodStatuses.merge(Integer.toString(status), 1, Integer::sum);
        }
        return null;
      }));
    }
    Tally flooded;
    try {
      flooded = phase(clients, length, only(Endpoint.ME, false));
      for (Future<?> f : running) {
        f.get(length.toMillis() + 2 * REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      flooders.shutdownNow();
    }
    double ratio = flooded.requests / (double) alone.requests;
    out.printf(Locale.ROOT, "%nGET /api/v1/auth/me alone, %d clients: %s%n", clients.size(),
        summary(alone, length));
    out.printf(Locale.ROOT, "GET /api/v1/auth/me while %d threads flood signin with wrong "
        + "passwords: %s%n", options.flood(), summary(flooded, length));
    out.printf(Locale.ROOT, "flood answers by status: %s%n", floodStatuses);
    if (!alone.errorStatuses.isEmpty() || !flooded.errorStatuses.isEmpty()) {
      out.printf(Locale.ROOT, "/me errors: alone %s, under flood %s%n", alone.errorStatuses,
          flooded.errorStatuses);
    }
    out.printf(Locale.ROOT, "me under flood / me alone = %.2f (aim: at least 0.70: %s)%n", ratio,
        ratio >= 0.7 ? "MET" : "MISSED");
  }

  /** GET /me on the target and on --compare-url, alternating, the same clients and tokens. */
  private void compare(List<Client> clients, PrintStream out) throws Exception {
    Duration length = options.ratio();
    URI other = options.compareUrl();
    // Both warm, unmeasured.
    phase(clients, length, meAt(other));
    phase(clients, length, meAt(base));
    Tally janua = new Tally();
    Tally peer = new Tally();
    for (int r = 0; r < options.rounds(); r++) {
      janua.add(phase(clients, length, meAt(base)));
      peer.add(phase(clients, length, meAt(other)));
    }
    Duration total = length.multipliedBy(options.rounds());
    Histogram hj = janua.histogram(Endpoint.ME);
    Histogram hp = peer.histogram(Endpoint.ME);
    out.printf(Locale.ROOT, "%nGET /api/v1/auth/me, %d clients, %d alternating rounds of %ds:%n",
        clients.size(), options.rounds(), length.toSeconds());
    out.printf(Locale.ROOT, "  Janua  %s: %s%n", base, summary(janua, total));
    out.printf(Locale.ROOT, "  peer   %s: %s%n", other, summary(peer, total));
    out.printf(Locale.ROOT, "  Janua/peer: throughput %.2f, p50 %.2f, p99 %.2f%n",
        janua.requests / (double) peer.requests,
        hj.getValueAtPercentile(50) / (double) hp.getValueAtPercentile(50),
        hj.getValueAtPercentile(99) / (double) hp.getValueAtPercentile(99));
  }
}
