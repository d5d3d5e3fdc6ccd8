package dev.janua.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Starts redis-server processes on free loopback ports (7100-7999) for the Cluster, Sentinel and
 * outage tests, and stops every one of them: on {@link #close()}, and from a JVM shutdown hook
 * should a test die first.
 */
final class RedisProcesses implements AutoCloseable {
  private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();
  private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ALL.forEach(RedisProcesses::kill);
      DIRS.forEach(RedisProcesses::deleteTree);
    }, "janua-redis-test-cleanup"));
  }

  private final Path dir;
  private final List<Process> mine = new ArrayList<>();

  RedisProcesses(String name) {
    try {
      // Under the module's target/ when run by Maven (the working directory is the module), so a
      // killed test JVM leaves nothing outside the build directory.
      Path target = Path.of("target");
      if (Files.isDirectory(target)) {
        Path base = Files.createDirectories(target.resolve("redis-processes"));
        dir = Files.createTempDirectory(base, name + "-").toAbsolutePath();
      } else {
        dir = Files.createTempDirectory("janua-redis-" + name + "-");
      }
      DIRS.add(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port in 7100-7999 that is free, with its cluster-bus port (+10000) free too. */
  static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 7100 + ThreadLocalRandom.current().nextInt(900);
      if (free(port) && free(port + 10000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in 7100-7999");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts a plain redis-server on {@code port} and waits until it answers PING. */
  Process startServer(int port, String... extra) {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", dir.toString(), "--dbfilename", "dump-" + port + ".rdb"));
    cmd.addAll(List.of(extra));
    Process p = start(cmd, "redis-" + port);
    await("redis-server on port " + port + " answers PING",
        () -> "PONG".equals(RespClient.tryCall(port, "PING")), p);
    return p;
  }

  /**
   * Starts a replica of the server at {@code masterPort} on {@code port} and waits until its link
   * to the master is up (the initial sync done).
   */
  Process startReplica(int port, int masterPort) {
    Process p = startServer(port, "--replicaof", "127.0.0.1", String.valueOf(masterPort));
    await("replica on port " + port + " synced with its master", () -> {
      Object info = RespClient.tryCall(port, "INFO", "replication");
      return info instanceof String s && s.contains("master_link_status:up");
    }, p);
    return p;
  }

  /** Starts a Cluster node (not yet joined) on {@code port}. */
  Process startClusterNode(int port) {
    return startServer(port, "--cluster-enabled", "yes", "--cluster-config-file",
        dir.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout", "5000");
  }

  /** Joins three or more started nodes into a Cluster without replicas and waits for state ok. */
  void createCluster(List<Integer> ports) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> cmd.add("127.0.0.1:" + p));
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process p = start(cmd, "cluster-create");
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed; see " + dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      kill(p);
      ALL.remove(p);
      mine.remove(p);
    }
    for (int port : ports) {
      await("cluster_state:ok on port " + port, () -> {
        Object info = RespClient.tryCall(port, "CLUSTER", "INFO");
        return info instanceof String s && s.contains("cluster_state:ok");
      }, null);
    }
  }

  /** Starts a Sentinel on {@code port} monitoring {@code mymaster} at {@code masterPort}. */
  Process startSentinel(int port, int masterPort) {
    return startSentinel(port, masterPort, 1, 5000);
  }

  /**
   * Starts a Sentinel on {@code port} monitoring {@code mymaster} at {@code masterPort} with this
   * quorum, declaring the master down after {@code downAfterMillis} without a reply.
   */
  Process startSentinel(int port, int masterPort, int quorum, int downAfterMillis) {
    Path conf = dir.resolve("sentinel-" + port + ".conf");
    try {
      Files.writeString(conf, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "daemonize no",
          "dir " + dir,
          "sentinel monitor mymaster 127.0.0.1 " + masterPort + " " + quorum,
          "sentinel down-after-milliseconds mymaster " + downAfterMillis,
          "sentinel failover-timeout mymaster " + Math.max(10_000, 10 * downAfterMillis),
          "sentinel parallel-syncs mymaster 1",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process p = start(List.of("redis-server", conf.toString(), "--sentinel"), "sentinel-" + port);
    await("sentinel on port " + port + " knows mymaster", () -> {
      Object r = RespClient.tryCall(port, "SENTINEL", "get-master-addr-by-name", "mymaster");
      return r instanceof List<?> l && l.size() == 2 && String.valueOf(masterPort).equals(l.get(1));
    }, p);
    return p;
  }

  private Process start(List<String> cmd, String logName) {
    try {
      File log = dir.resolve(logName + ".log").toFile();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
      ALL.add(p);
      mine.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + cmd.get(0) + ": the Cluster, "
          + "Sentinel and outage tests start their own redis-server processes on loopback ports "
          + "and need redis-server and redis-cli (Redis 7) on the PATH; JANUA_TEST_REDIS_URL and "
          + "Testcontainers do not stand in for them. Cause: " + e.getMessage(), e);
    }
  }

  /** Kills one process now (the "Redis dies" of the outage test) and waits for it to exit. */
  void stop(Process p) {
    kill(p);
    ALL.remove(p);
    mine.remove(p);
  }

  private static void kill(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls a condition of a real process (no fake clock applies) for up to 30 s. */
  static void await(String what, BooleanSupplier condition, Process process) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("process exited before: " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    for (Process p : List.copyOf(mine)) {
      stop(p);
    }
    deleteTree(dir);
    DIRS.remove(dir);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a scratch dir
    }
  }
}
