package dev.janua.benchmarks;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.PurgeCounts;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The retention purge on PostgreSQL: how fast it deletes a backlog of expired rows made with {@code
 * generate_series}, how long its longest statement (and so its longest lock) lasts, and what it
 * does to signin and refresh latency next to an idle database, as ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.janua.benchmarks.RetentionBench [options]
 *   --rows N        expired rows to purge (default 1000000): a fifth ended sessions, two fifths
 *                   their expired refresh tokens, two fifths audit events past retention
 *   --live N        live sessions with two unexpired refresh tokens each (default 100000)
 *   --batch N       RETENTION_BATCH_SIZE (default 500)
 *   --idle SECONDS  the idle latency phase (default 10)
 * </pre>
 *
 * One client thread alternates a signin (bcrypt cost 4, so the database shows) and a refresh,
 * first with nothing else running, then while {@code AuthEngine.purge()} runs on another thread;
 * the purge's statements are timed through the store's slow-query listener (threshold zero). The
 * database is {@code JANUA_BENCH_DATABASE_URL} (loopback only); the schema is dropped at the end.
 */
public final class RetentionBench {
  private RetentionBench() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    int live = 100_000;
    int batch = 500;
    int idleSeconds = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--live" -> live = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--idle" -> idleSeconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String schema = Services.freshSchema("janua_bench_retention");
    List<Long> purgeStatementsMicros = Collections.synchronizedList(new ArrayList<>());
    JdbcStore store = JdbcStore.builder()
        .config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl()).schema(schema).build())
        .slowQueryThreshold(Duration.ZERO)
        .slowQueryListener((name, elapsed) -> {
          if (name.contains("purge")) {
            purgeStatementsMicros.add(elapsed.toNanos() / 1000);
          }
        })
        .build();
    try {
      Fixture fixture = Fixture.create(Fixture.config().retentionBatchSize(batch)
          .retentionPurgeInterval(Duration.ZERO).build(), store);
      AuthEngine engine = fixture.engine();
      long filled = System.nanoTime();
      fill(schema, rows, live);
      System.out.printf(Locale.ROOT, "filled %d expired and %d live rows in %.1f s%n", rows,
          3L * live, (System.nanoTime() - filled) / 1e9);

      AuthResult first = fixture.signUp(Fixture.EMAIL);
      Client client = new Client(engine, first.tokens().refreshToken());
      client.run(Duration.ofSeconds(3), null); // warm-up
      client.reset();
      client.run(Duration.ofSeconds(idleSeconds), null);
      Latencies idleSignin = client.signin.copy();
      Latencies idleRefresh = client.refresh.copy();

      client.reset();
      long start = System.nanoTime();
      CompletableFuture<PurgeCounts> purge = CompletableFuture.supplyAsync(engine::purge);
      client.run(Duration.ofHours(1), purge);
      PurgeCounts counts = purge.get();
      double seconds = (System.nanoTime() - start) / 1e9;

      Latencies statements = new Latencies();
      synchronized (purgeStatementsMicros) {
        purgeStatementsMicros.forEach(statements::add);
      }
      System.out.printf(Locale.ROOT, "%npurged %d rows (%s) in %.1f s: %.0f rows/s, batch %d%n",
          counts.total(), counts.byKind(), seconds, counts.total() / seconds, batch);
      System.out.printf(Locale.ROOT, "purge statements: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          statements.size(), statements.pct(50) / 1000, statements.pct(99) / 1000,
          statements.max() / 1000);
      System.out.println();
      System.out.println("| operation | idle p50 | purging p50 | ratio | idle p99 | purging p99 | ratio |");
      System.out.println("|---|--:|--:|--:|--:|--:|--:|");
      row("signin", idleSignin, client.signin);
      row("refresh", idleRefresh, client.refresh);
    } finally {
      store.close();
      Services.dropSchema(schema);
    }
  }

  private static void row(String name, Latencies idle, Latencies busy) {
    System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2fx | %.2f ms | %.2f ms | %.2fx |%n",
        name, idle.pct(50) / 1000, busy.pct(50) / 1000, busy.pct(50) / idle.pct(50),
        idle.pct(99) / 1000, busy.pct(99) / 1000, busy.pct(99) / idle.pct(99));
  }

  /** The backlog: ended sessions with expired tokens, old audit events; and live sessions. */
  private static void fill(String schema, int rows, int live) throws SQLException {
    int sessions = rows / 5;
    int tokens = 2 * sessions;
    int audit = rows - sessions - tokens;
    try (Connection c = DriverManager.getConnection(Services.databaseUrl());
        Statement st = c.createStatement()) {
      st.execute("SET search_path = \"" + schema + "\"");
      st.execute("INSERT INTO users SELECT 'fill' || i, 'fill' || i || '@example.com', NULL, 'h', "
          + "true, now(), now() FROM generate_series(1, 1000) i");
      st.execute("INSERT INTO sessions SELECT 'se' || i, 'fill' || (i % 1000 + 1), NULL, NULL, "
          + "now() - interval '60 days', now() - interval '31 days', now() - interval '30 days', "
          + "NULL FROM generate_series(1, " + sessions + ") i");
      st.execute("INSERT INTO refresh_tokens SELECT md5('te' || i) || md5('x' || i), "
          + "'se' || (i % " + sessions + " + 1), 'fill' || (i % 1000 + 1), "
          + "now() - interval '40 days', now() - interval '33 days', now() - interval '39 days' "
          + "FROM generate_series(1, " + tokens + ") i");
      st.execute("INSERT INTO audit_logs (id, event_type, user_id, created_at) SELECT 'ao' || i, "
          + "'signin_succeeded', 'fill' || (i % 1000 + 1), now() - interval '100 days' "
          + "FROM generate_series(1, " + audit + ") i");
      st.execute("INSERT INTO sessions SELECT 'sl' || i, 'fill' || (i % 1000 + 1), NULL, NULL, "
          + "now(), now(), now() + interval '30 days', NULL FROM generate_series(1, " + live + ") i");
      st.execute("INSERT INTO refresh_tokens SELECT md5('tl' || i) || md5('y' || i), "
          + "'sl' || (i % " + live + " + 1), 'fill' || (i % 1000 + 1), now(), "
          + "now() + interval '7 days', CASE WHEN i <= " + live + " THEN now() END "
          + "FROM generate_series(1, " + (2 * live) + ") i");
      st.execute("INSERT INTO audit_logs (id, event_type, user_id, created_at) SELECT 'an' || i, "
          + "'signin_succeeded', 'fill' || (i % 1000 + 1), now() FROM generate_series(1, " + live
          + ") i");
      st.execute("VACUUM ANALYZE");
    }
  }

  /** One client: signin, refresh, signin, ... timing each. */
  private static final class Client {
    final AuthEngine engine;
    String refreshToken;
    Latencies signin = new Latencies();
    Latencies refresh = new Latencies();

    Client(AuthEngine engine, String refreshToken) {
      this.engine = engine;
      this.refreshToken = refreshToken;
    }

    void reset() {
      signin = new Latencies();
      refresh = new Latencies();
    }

    /** Runs for {@code max}, or until {@code until} completes when it is given. */
    void run(Duration max, CompletableFuture<?> until) {
      long end = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < end && (until == null || !until.isDone())) {
        long t0 = System.nanoTime();
        engine.signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT);
        long t1 = System.nanoTime();
        refreshToken = engine.refresh(refreshToken, Fixture.CLIENT).tokens().refreshToken();
        long t2 = System.nanoTime();
        signin.add((t1 - t0) / 1000);
        refresh.add((t2 - t1) / 1000);
      }
    }
  }

  /** Latencies in microseconds. */
  private static final class Latencies {
    private final List<Long> micros = new ArrayList<>();

    void add(long us) {
      micros.add(us);
    }

    int size() {
      return micros.size();
    }

    Latencies copy() {
      Latencies c = new Latencies();
      c.micros.addAll(micros);
      return c;
    }

    double pct(double p) {
      if (micros.isEmpty()) {
        return Double.NaN;
      }
      List<Long> sorted = new ArrayList<>(micros);
      Collections.sort(sorted);
      int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    double max() {
      return micros.isEmpty() ? Double.NaN : Collections.max(micros);
    }
  }
}
