package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.PurgeCounts;
import dev.janua.spi.RetentionCutoffs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL purge on tables filled by SQL: four purgers on two stores at once delete every
 * row past the cutoffs exactly once (their counts add up to the rows that went) and nothing live;
 * a row another transaction holds locked is skipped, not waited for.
 */
class JdbcRetentionIT {
  private static final String SCHEMA = TestDatabase.freshSchema(JdbcRetentionIT.class);
  private static final int ROWS = 5_000;
  private static JdbcStore first;
  private static JdbcStore second;

  @BeforeAll
  static void open() {
    first = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    second = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
  }

  @AfterAll
  static void drop() {
    first.close();
    second.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
      st.execute("SET search_path = " + SCHEMA);
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
      st.execute("SET search_path = " + SCHEMA);
      try (ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Rows in {@code prefix}: expired, revoked and live sessions, tokens, account tokens, audit. */
  private static void fill(String p) throws SQLException {
    String series = " FROM generate_series(1, " + ROWS + ") i";
    sql("INSERT INTO users SELECT '" + p + "u' || i, '" + p + "' || i || '@example.com', NULL, "
            + "'h', true, now(), now()" + series,
        // capped 30 days ago / revoked 10 days ago / live
        "INSERT INTO sessions SELECT '" + p + "se' || i, '" + p + "u' || i, NULL, NULL, "
            + "now() - interval '60 days', now(), now() - interval '30 days', NULL" + series,
        "INSERT INTO sessions SELECT '" + p + "sr' || i, '" + p + "u' || i, NULL, NULL, "
            + "now() - interval '12 days', now(), now() + interval '18 days', "
            + "now() - interval '10 days'" + series,
        "INSERT INTO sessions SELECT '" + p + "sl' || i, '" + p + "u' || i, NULL, NULL, "
            + "now() - interval '12 days', now(), now() + interval '18 days', NULL" + series,
        // expired session: its spent token expired 31 days ago
        "INSERT INTO refresh_tokens SELECT md5('" + p + "te' || i), '" + p + "se' || i, '" + p
            + "u' || i, now() - interval '60 days', now() - interval '31 days', now()" + series,
        // revoked session: an unspent token that has not expired (goes with its session)
        "INSERT INTO refresh_tokens SELECT md5('" + p + "tr' || i), '" + p + "sr' || i, '" + p
            + "u' || i, now() - interval '12 days', now() + interval '1 day', NULL" + series,
        // live session: a token spent and expired 8 days ago (goes), one spent and not yet
        // expired (kept for reuse detection), the current one (kept)
        "INSERT INTO refresh_tokens SELECT md5('" + p + "tx' || i), '" + p + "sl' || i, '" + p
            + "u' || i, now() - interval '12 days', now() - interval '8 days', now()" + series,
        "INSERT INTO refresh_tokens SELECT md5('" + p + "ts' || i), '" + p + "sl' || i, '" + p
            + "u' || i, now() - interval '2 days', now() + interval '5 days', now()" + series,
        "INSERT INTO refresh_tokens SELECT md5('" + p + "tl' || i), '" + p + "sl' || i, '" + p
            + "u' || i, now() - interval '1 day', now() + interval '6 days', NULL" + series,
        "INSERT INTO account_tokens SELECT md5('" + p + "ae' || i), 'PASSWORD_RESET', '" + p
            + "u' || i, 'x@example.com', now() - interval '9 days', now() - interval '8 days', NULL"
            + series,
        "INSERT INTO account_tokens SELECT md5('" + p + "al' || i), 'EMAIL_VERIFICATION', '" + p
            + "u' || i, 'x@example.com', now(), now() + interval '1 day', NULL" + series,
        "INSERT INTO audit_logs (id, event_type, user_id, created_at) SELECT '" + p + "ao' || i, "
            + "'signup', '" + p + "u' || i, now() - interval '91 days'" + series,
        "INSERT INTO audit_logs (id, event_type, user_id, created_at) SELECT '" + p + "an' || i, "
            + "'signup', '" + p + "u' || i, now() - interval '89 days'" + series,
        "ANALYZE");
  }

  private static RetentionCutoffs cutoffs() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return new RetentionCutoffs(now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(90)));
  }

  @Test
  void fourPurgersOnTwoStores_deleteEveryRowPastCutoffOnce_keepEverythingLive() throws Exception {
    fill("c");
    RetentionCutoffs cutoffs = cutoffs();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<PurgeCounts>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JdbcStore target = i % 2 == 0 ? first : second;
        runs.add(pool.submit(() -> {
          go.await();
          return target.retention().purge(cutoffs, 250);
        }));
      }
      go.countDown();
      PurgeCounts total = PurgeCounts.NONE;
      for (Future<PurgeCounts> run : runs) {
        total = total.plus(run.get(120, TimeUnit.SECONDS));
      }
      // te + tx by expiry, tr with the revoked sessions; se + sr; ae; ao
      assertThat(total).isEqualTo(new PurgeCounts(3L * ROWS, 2L * ROWS, ROWS, 0, 0, ROWS));
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT count(*) FROM sessions WHERE id LIKE 'c%'")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM sessions WHERE id LIKE 'csl%'")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM refresh_tokens WHERE session_id LIKE 'c%'"))
        .isEqualTo(2L * ROWS);
    assertThat(count("SELECT count(*) FROM refresh_tokens WHERE token_hash IN (SELECT md5('cts' "
        + "|| i) FROM generate_series(1, " + ROWS + ") i)")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM account_tokens WHERE purpose = 'EMAIL_VERIFICATION' "
        + "AND user_id LIKE 'c%'")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM account_tokens WHERE user_id LIKE 'c%'"))
        .isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM audit_logs WHERE id LIKE 'can%'")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM audit_logs WHERE id LIKE 'c%'")).isEqualTo(ROWS);
    assertThat(first.retention().purge(cutoffs, 250)).isEqualTo(PurgeCounts.NONE);
  }

  @Test
  void rowLockedByAnotherTransaction_skippedNotWaitedFor_thenPurgedNextTime() throws Exception {
    sql("INSERT INTO users VALUES ('lu', 'lu@example.com', NULL, 'h', true, now(), now())",
        "INSERT INTO sessions SELECT 'ls' || i, 'lu', NULL, NULL, now() - interval '60 days', "
            + "now(), now() - interval '30 days', NULL FROM generate_series(1, 3) i");
    RetentionCutoffs cutoffs = cutoffs();
    try (Connection holder = TestDatabase.connect(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("SELECT id FROM \"" + SCHEMA + "\".sessions WHERE id = 'ls2' FOR UPDATE");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        // Without SKIP LOCKED this purge would wait for the holder, which waits for the purge.
        PurgeCounts counts = pool.submit(() -> first.retention().purge(cutoffs, 10))
            .get(60, TimeUnit.SECONDS);
        assertThat(counts.sessions()).isEqualTo(2);
      } finally {
        pool.shutdownNow();
        holder.rollback();
      }
    }
    assertThat(count("SELECT count(*) FROM sessions WHERE id LIKE 'ls%'")).isEqualTo(1);
    assertThat(first.retention().purge(cutoffs, 10).sessions()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM sessions WHERE id LIKE 'ls%'")).isZero();
  }
}
