package dev.janua.benchmarks;

import dev.janua.AuditQuery;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.jdbc.JdbcStore;
import dev.janua.jdbc.JdbcStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How signin, refresh and the audit query cost grows with the rows in PostgreSQL. For each size, a
 * fresh schema is filled with {@code generate_series} (never row by row), analysed, and measured;
 * the schema is dropped afterwards. Prints a Markdown table per measurement with the ratio of each
 * size's median to the smallest size's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.janua.benchmarks.PgScalingBench [options]
 *   --sizes 10000,1000000      rows in each of users, sessions and refresh_tokens (signin/refresh)
 *   --audit 10000,10000000     rows in audit_logs (the audit query), spread over 10,000 users
 *   --seconds 10               measured seconds per size (after a quarter of it as warm-up)
 * </pre>
 *
 * Signin uses bcrypt cost 4 so that the database, not the hash, shows. The audit query is {@code
 * engine.users().auditEvents(AuditQuery.forUser(id, 50))} of a user with 1,000 events (the newest
 * 50 are read from idx_audit_logs_user; AuditIndexIT in janua-jdbc proves the plan with EXPLAIN).
 */
public final class PgScalingBench {
  private PgScalingBench() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    List<Long> sizes = List.of(10_000L, 1_000_000L);
    List<Long> audit = List.of(10_000L, 10_000_000L);
    int seconds = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = longs(args[++i]);
        case "--audit" -> audit = longs(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String[]> auth = new ArrayList<>();
    for (long n : sizes) {
      auth.add(signinRefresh(n, seconds));
    }
    List<String[]> aud = new ArrayList<>();
    for (long n : audit) {
      aud.add(auditQuery(n, seconds));
    }
    System.out.println();
    System.out.println("| rows per table | signin p50 | p99 | ratio (p50) | refresh p50 | p99 | ratio (p50) |");
    System.out.println("|--:|--:|--:|--:|--:|--:|--:|");
    print(auth, new int[] {1, 3});
    System.out.println();
    System.out.println("| audit rows | query p50 | p99 | ratio (p50) |");
    System.out.println("|--:|--:|--:|--:|");
    print(aud, new int[] {1});
  }

  private static void print(List<String[]> rows, int[] p50Columns) {
    double[] base = new double[p50Columns.length];
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder("| ").append(row[0]);
      for (int c = 0; c < p50Columns.length; c++) {
        double p50 = Double.parseDouble(row[p50Columns[c]]);
        double p99 = Double.parseDouble(row[p50Columns[c] + 1]);
        if (r == 0) {
          base[c] = p50;
        }
        line.append(String.format(Locale.ROOT, " | %.2f ms | %.2f ms | %.2f", p50 / 1000, p99 / 1000,
            p50 / base[c]));
      }
      System.out.println(line.append(" |"));
    }
  }

  private static List<Long> longs(String text) {
    List<Long> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(Long.parseLong(s.trim()));
      }
    }
    return out;
  }

  private static JdbcStore store(String schema) {
    return JdbcStore.builder().config(JdbcStoreConfig.builder().jdbcUrl(Services.databaseUrl())
        .schema(schema).build()).build();
  }

  private static void sql(String schema, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(Services.databaseUrl());
        Statement st = c.createStatement()) {
      st.execute("SET search_path = \"" + schema + "\"");
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private static String[] signinRefresh(long n, int seconds) throws Exception {
    String schema = Services.freshSchema("janua_bench_scale");
    JdbcStore store = store(schema);
    try {
      long t0 = System.nanoTime();
      sql(schema,
          "INSERT INTO users SELECT 'su' || i, 'su' || i || '@example.com', NULL, 'h', true, "
              + "now(), now() FROM generate_series(1, " + n + ") i",
          "INSERT INTO sessions SELECT 'ss' || i, 'su' || i, NULL, NULL, now(), now(), "
              + "now() + interval '30 days', NULL FROM generate_series(1, " + n + ") i",
          "INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at) "
              + "SELECT md5('st' || i) || md5('sx' || i), 'ss' || i, 'su' || i, now(), "
              + "now() + interval '7 days' FROM generate_series(1, " + n + ") i",
          "VACUUM ANALYZE");
      System.out.printf(Locale.ROOT, "filled %d rows in each of users, sessions, refresh_tokens "
          + "in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      Fixture fixture = Fixture.create(Fixture.config().build(), store);
      AuthEngine engine = fixture.engine();
      String refresh = fixture.signUp(Fixture.EMAIL).tokens().refreshToken();
      Histogram signin = new Histogram(60_000_000L, 3);
      Histogram refreshes = new Histogram(60_000_000L, 3);
      for (int phase = 0; phase < 2; phase++) {
        signin.reset();
        refreshes.reset();
        long end = System.nanoTime() + Duration.ofSeconds(phase == 0 ? Math.max(1, seconds / 4)
            : seconds).toNanos();
        while (System.nanoTime() < end) {
          long a = System.nanoTime();
          engine.signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT);
          long b = System.nanoTime();
          AuthResult r = engine.refresh(refresh, Fixture.CLIENT);
          long c = System.nanoTime();
          refresh = r.tokens().refreshToken();
          signin.recordValue((b - a) / 1000);
          refreshes.recordValue((c - b) / 1000);
        }
      }
      engine.close();
      System.out.printf(Locale.ROOT, "rows %d: signin p50 %.2f ms p99 %.2f ms (%d); refresh p50 "
          + "%.2f ms p99 %.2f ms%n", n, signin.getValueAtPercentile(50) / 1000.0,
          signin.getValueAtPercentile(99) / 1000.0, signin.getTotalCount(),
          refreshes.getValueAtPercentile(50) / 1000.0, refreshes.getValueAtPercentile(99) / 1000.0);
      return new String[] {String.format(Locale.ROOT, "%,d", n),
          Long.toString(signin.getValueAtPercentile(50)), Long.toString(signin.getValueAtPercentile(99)),
          Long.toString(refreshes.getValueAtPercentile(50)),
          Long.toString(refreshes.getValueAtPercentile(99))};
    } finally {
      store.close();
      Services.dropSchema(schema);
    }
  }

  private static String[] auditQuery(long n, int seconds) throws Exception {
    String schema = Services.freshSchema("janua_bench_audit");
    JdbcStore store = store(schema);
    try {
      long t0 = System.nanoTime();
      // 10,000 users; the measured one ('au7') has 1,000 events, spread over the last 1,000 hours.
      long users = 10_000;
      sql(schema, "INSERT INTO audit_logs (id, event_type, user_id, ip_address, created_at) "
              + "SELECT 'ae' || i, 'signin_succeeded', 'au' || (i % " + users + "), '203.0.113.7', "
              + "now() - (i || ' seconds')::interval FROM generate_series(1, " + n + ") i",
          "INSERT INTO audit_logs (id, event_type, user_id, ip_address, created_at) "
              + "SELECT 'am' || i, 'signin_failed', 'measured', '203.0.113.8', "
              + "now() - (i || ' hours')::interval FROM generate_series(1, 1000) i",
          "VACUUM ANALYZE");
      System.out.printf(Locale.ROOT, "filled %d audit rows in %.1f s%n", n,
          (System.nanoTime() - t0) / 1e9);
      Fixture fixture = Fixture.create(Fixture.config().build(), store);
      AuthEngine engine = fixture.engine();
      AuditQuery q = AuditQuery.forUser("measured", 50);
      if (engine.users().auditEvents(q).size() != 50) {
        throw new IllegalStateException("the measured user should have 50 events to show");
      }
      Histogram h = new Histogram(60_000_000L, 3);
      for (int phase = 0; phase < 2; phase++) {
        h.reset();
        long end = System.nanoTime() + Duration.ofSeconds(phase == 0 ? Math.max(1, seconds / 4)
            : seconds).toNanos();
        while (System.nanoTime() < end) {
          long a = System.nanoTime();
          engine.users().auditEvents(q);
          h.recordValue((System.nanoTime() - a) / 1000);
        }
      }
      engine.close();
      System.out.printf(Locale.ROOT, "audit rows %d: latest 50 of a user p50 %.2f ms p99 %.2f ms "
          + "(%d)%n", n, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          h.getTotalCount());
      return new String[] {String.format(Locale.ROOT, "%,d", n),
          Long.toString(h.getValueAtPercentile(50)), Long.toString(h.getValueAtPercentile(99))};
    } finally {
      store.close();
      Services.dropSchema(schema);
    }
  }
}
