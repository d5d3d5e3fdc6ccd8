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
 * fresh schema is filled with {@code generate_series} (never row by row) and analysed; then the
 * sizes are measured in four alternating rounds, so that a change in the machine's load falls on
 * all of them alike; the schemas are dropped afterwards. Prints a Markdown table per measurement with the ratio of each
 * size's median to the smallest size's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.janua.benchmarks.PgScalingBench [options]
 *   --sizes 10000,1000000      rows in each of users, sessions and refresh_tokens (signin/refresh)
 *   --audit 10000,10000000     rows in audit_logs (the audit query), spread over 10,000 users
 *   --seconds 20               measured seconds per size (after a quarter of it as warm-up)
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
    int seconds = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = longs(args[++i]);
        case "--audit" -> audit = longs(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String[]> auth = sizes.isEmpty() ? List.of() : measure(sizes, seconds, false);
    List<String[]> aud = audit.isEmpty() ? List.of() : measure(audit, seconds, true);
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

  /** One filled schema and the engine over it. */
  private static final class Subject implements AutoCloseable {
    final long rows;
    final String schema;
    final JdbcStore store;
    final AuthEngine engine;
    String refresh;
    final Histogram signin = new Histogram(60_000_000L, 3);
    final Histogram refreshes = new Histogram(60_000_000L, 3);
    final Histogram audit = new Histogram(60_000_000L, 3);

    Subject(long rows, String schema, JdbcStore store, AuthEngine engine) {
      this.rows = rows;
      this.schema = schema;
      this.store = store;
      this.engine = engine;
    }

    void reset() {
      signin.reset();
      refreshes.reset();
      audit.reset();
    }

    @Override
    public void close() {
      engine.close();
      store.close();
      Services.dropSchema(schema);
    }
  }

  private static Subject fillAuth(long n) throws Exception {
    String schema = Services.freshSchema("janua_bench_scale");
    JdbcStore store = store(schema);
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
    Subject s = new Subject(n, schema, store, fixture.engine());
    s.refresh = fixture.signUp(Fixture.EMAIL).tokens().refreshToken();
    return s;
  }

  private static void runAuth(Subject s, Duration length) {
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long a = System.nanoTime();
      s.engine.signin(Fixture.EMAIL, Fixture.PASSWORD, Fixture.CLIENT);
      long b = System.nanoTime();
      AuthResult r = s.engine.refresh(s.refresh, Fixture.CLIENT);
      long c = System.nanoTime();
      s.refresh = r.tokens().refreshToken();
      s.signin.recordValue((b - a) / 1000);
      s.refreshes.recordValue((c - b) / 1000);
    }
  }

  private static Subject fillAudit(long n) throws Exception {
    String schema = Services.freshSchema("janua_bench_audit");
    JdbcStore store = store(schema);
    long t0 = System.nanoTime();
    // 10,000 users; the measured one has 1,000 events, spread over the last 1,000 hours.
    sql(schema, "INSERT INTO audit_logs (id, event_type, user_id, ip_address, created_at) "
            + "SELECT 'ae' || i, 'signin_succeeded', 'au' || (i % 10000), '203.0.113.7', "
            + "now() - (i || ' seconds')::interval FROM generate_series(1, " + n + ") i",
        "INSERT INTO audit_logs (id, event_type, user_id, ip_address, created_at) "
            + "SELECT 'am' || i, 'signin_failed', 'measured', '203.0.113.8', "
            + "now() - (i || ' hours')::interval FROM generate_series(1, 1000) i",
        "VACUUM ANALYZE");
    System.out.printf(Locale.ROOT, "filled %d audit rows in %.1f s%n", n,
        (System.nanoTime() - t0) / 1e9);
    Fixture fixture = Fixture.create(Fixture.config().build(), store);
    Subject s = new Subject(n, schema, store, fixture.engine());
    if (s.engine.users().auditEvents(AUDIT).size() != 50) {
      throw new IllegalStateException("the measured user should have 50 events to show");
    }
    return s;
  }

  private static final AuditQuery AUDIT = AuditQuery.forUser("measured", 50);

  private static void runAudit(Subject s, Duration length) {
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long a = System.nanoTime();
      s.engine.users().auditEvents(AUDIT);
      s.audit.recordValue((System.nanoTime() - a) / 1000);
    }
  }

  /**
   * Fills every size first, then measures them in alternating rounds (so that a change in the
   * machine's load falls on every size alike), after a warm-up of each.
   */
  private static List<String[]> measure(List<Long> sizes, int seconds, boolean audit)
      throws Exception {
    List<Subject> subjects = new ArrayList<>();
    try {
      for (long n : sizes) {
        subjects.add(audit ? fillAudit(n) : fillAuth(n));
      }
      int rounds = 4;
      Duration slice = Duration.ofMillis(seconds * 1000L / rounds);
      for (Subject s : subjects) {
        if (audit) {
          runAudit(s, slice);
        } else {
          runAuth(s, slice);
        }
        s.reset();
      }
      for (int r = 0; r < rounds; r++) {
        for (Subject s : subjects) {
          if (audit) {
            runAudit(s, slice);
          } else {
            runAuth(s, slice);
          }
        }
      }
      List<String[]> rows = new ArrayList<>();
      for (Subject s : subjects) {
        String n = String.format(Locale.ROOT, "%,d", s.rows);
        if (audit) {
          System.out.printf(Locale.ROOT, "audit rows %d: latest 50 of a user p50 %.2f ms p99 %.2f "
              + "ms (%d)%n", s.rows, s.audit.getValueAtPercentile(50) / 1000.0,
              s.audit.getValueAtPercentile(99) / 1000.0, s.audit.getTotalCount());
          rows.add(new String[] {n, Long.toString(s.audit.getValueAtPercentile(50)),
              Long.toString(s.audit.getValueAtPercentile(99))});
        } else {
          System.out.printf(Locale.ROOT, "rows %d: signin p50 %.2f ms (%d), refresh p50 %.2f ms%n",
              s.rows, s.signin.getValueAtPercentile(50) / 1000.0, s.signin.getTotalCount(),
              s.refreshes.getValueAtPercentile(50) / 1000.0);
          rows.add(new String[] {n, Long.toString(s.signin.getValueAtPercentile(50)),
              Long.toString(s.signin.getValueAtPercentile(99)),
              Long.toString(s.refreshes.getValueAtPercentile(50)),
              Long.toString(s.refreshes.getValueAtPercentile(99))});
        }
      }
      return rows;
    } finally {
      for (Subject s : subjects) {
        s.close();
      }
    }
  }
}
