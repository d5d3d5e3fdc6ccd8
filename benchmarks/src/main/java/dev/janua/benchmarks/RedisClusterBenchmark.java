package dev.janua.benchmarks;

import dev.janua.AuthEngine;
import dev.janua.RateLimitCategory;
import dev.janua.RateLimitDecision;
import dev.janua.RateLimitRule;
import dev.janua.redis.RedisConnectionConfig;
import dev.janua.redis.RedisPlugin;
import dev.janua.redis.RedisRateLimitStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shared rate-limit decision on a 3-master Redis Cluster against the same decision on a
 * single Redis server. The benchmark starts its own servers ({@code redis-server} on the PATH):
 * three cluster-enabled masters and one standalone server, on free loopback ports, without
 * persistence, joined with {@code redis-cli --cluster create}; it stops them afterwards. Both
 * sides are the same engine configuration over janua-redis (one script call per decision; in the
 * cluster its keys share a hash tag, so a decision is one round trip to the slot's master).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisClusterBenchmark {
  private final String ip = Fixture.CLIENT.ipAddress();
  private final List<Process> servers = new ArrayList<>();
  private Path dir;
  private AuthEngine clusterRedis;
  private AuthEngine singleRedis;
  private Fixture cluster;
  private Fixture single;

  /** Starts the servers, forms the cluster, and builds one engine over each. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("janua-bench-redis");
    int[] ports = freePorts(4);
    for (int i = 0; i < 3; i++) {
      servers.add(start(ports[i], true));
    }
    servers.add(start(ports[3], false));
    for (int p : ports) {
      awaitPing(p);
    }
    run("redis-cli", "--cluster", "create", "127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1],
        "127.0.0.1:" + ports[2], "--cluster-replicas", "0", "--cluster-yes");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!run("redis-cli", "-p", Integer.toString(ports[0]), "cluster", "info")
        .contains("cluster_state:ok")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not become ready");
      }
      Thread.sleep(100);
    }
    RedisRateLimitStore[] c = new RedisRateLimitStore[1];
    clusterRedis = engine("redis://127.0.0.1:" + ports[0], true, c);
    RedisRateLimitStore[] s = new RedisRateLimitStore[1];
    singleRedis = engine("redis://127.0.0.1:" + ports[3], false, s);
    var config = Fixture.config().rateLimitEnabled(true).rateLimit(RateLimitCategory.USER_OPERATIONS,
        new RateLimitRule(Integer.MAX_VALUE, Integer.MAX_VALUE)).build();
    cluster = Fixture.create(config, null, c[0]);
    single = Fixture.create(config, null, s[0]);
    if (!cluster().allowed() || !single().allowed()) {
      throw new IllegalStateException("both limiters should admit");
    }
  }

  private static AuthEngine engine(String url, boolean cluster, RedisRateLimitStore[] out) {
    return AuthEngine.builder()
        .install(RedisPlugin.of(RedisConnectionConfig.builder().url(url).cluster(cluster)
            .keyPrefix("janua-bench:").build()))
        .install(ctx -> ctx.whenAssembled(() ->
            out[0] = ctx.find(RedisRateLimitStore.class).orElseThrow()))
        .build();
  }

  private Process start(int port, boolean clustered) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--loglevel", "warning"));
    if (clustered) {
      cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
          "nodes-" + port + ".conf"));
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        // the cluster bus listens on port + 10000: keep below 55535
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        while (s.getLocalPort() >= 55_000) {
          held.add(s);
          s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        }
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  private static void awaitPing(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!run("redis-cli", "-p", Integer.toString(port), "ping").contains("PONG")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not start");
      }
      Thread.sleep(50);
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Closes the engines, stops the servers this benchmark started, removes their directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {
        cluster == null ? null : cluster.engine(), single == null ? null : single.engine(),
        clusterRedis, singleRedis}) {
      if (c != null) {
        try {
          c.close();
        } catch (RuntimeException e) {
          System.err.println("close failed: " + e);
        }
      }
    }
    for (Process p : servers) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Janua's decision on the 3-master cluster. */
  @Benchmark
  public RateLimitDecision cluster() {
    return cluster.engine().rateLimiter().check(RateLimitCategory.USER_OPERATIONS, ip);
  }

  /** Janua's decision on a single server. */
  @Benchmark
  public RateLimitDecision single() {
    return single.engine().rateLimiter().check(RateLimitCategory.USER_OPERATIONS, ip);
  }
}
