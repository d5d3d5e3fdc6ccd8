package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.jdbc.internal.Rows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit query of one user's latest 50 events (what the audit-query row of the benchmarks
 * times on 10 million rows) reads {@code idx_audit_logs_user} in order and stops after 50 rows:
 * no sequential scan, no sort, whatever the table's size. Checked with EXPLAIN ANALYZE on 200,000
 * rows over 2,000 users, both for the planner's custom plan and for the generic plan a
 * server-prepared statement settles on.
 */
class AuditQueryPlanIT {
  private static final String SCHEMA = TestDatabase.freshSchema(AuditQueryPlanIT.class);
  private static final int ROWS = 200_000;
  /** The statement JdbcAudit.query runs for a user filter. */
  private static final String OF_USER = "SELECT " + Rows.AUDIT_COLUMNS + " FROM audit_logs "
      + "WHERE user_id = %s ORDER BY created_at DESC, seq DESC LIMIT %s";
  private static JdbcStore store;

  @BeforeAll
  static void fill() throws SQLException {
    store = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
      st.execute("SET search_path = " + SCHEMA);
      st.execute("INSERT INTO audit_logs (id, event_type, user_id, created_at) SELECT 'a' || i, "
          + "'signin_succeeded', 'u' || (i % 2000), now() - i * interval '1 second' "
          + "FROM generate_series(1, " + ROWS + ") i");
      st.execute("ANALYZE audit_logs");
    }
  }

  @AfterAll
  static void drop() {
    store.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  private static List<String> lines(String... statements) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
      st.execute("SET search_path = " + SCHEMA);
      for (int i = 0; i < statements.length - 1; i++) {
        st.execute(statements[i]);
      }
      try (ResultSet rs = st.executeQuery(statements[statements.length - 1])) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * The plan's top: a Limit fed directly by the user index, which returns 50 rows; no scan of the
   * table and no sort of its rows (the only sorts are of each row's own detail keys, in subplans).
   */
  private static void assertReadsFiftyFromTheUserIndex(String plan) {
    assertThat(plan)
        .containsPattern("^Limit \\(actual time=\\S+ rows=50 loops=1\\)\n"
            + "\\s+->\\s+Index Scan using idx_audit_logs_user on audit_logs "
            + "\\(actual time=\\S+ rows=50 loops=1\\)")
        .doesNotContain("Seq Scan")
        .doesNotContainPattern("Sort Key: (audit_logs\\.)?(created_at|seq)");
  }

  @Test
  void latestFiftyOfAUser_customPlan_readsFiftyRowsFromTheUserIndex() throws SQLException {
    String plan = String.join("\n", lines("EXPLAIN (ANALYZE, COSTS OFF) "
        + String.format(OF_USER, "'u7'", "50")));
    assertReadsFiftyFromTheUserIndex(plan);
  }

  @Test
  void latestFiftyOfAUser_genericPreparedPlan_readsFiftyRowsFromTheUserIndex() throws SQLException {
    String plan = String.join("\n", lines("SET plan_cache_mode = force_generic_plan",
        "PREPARE of_user(text, int) AS " + String.format(OF_USER, "$1", "$2"),
        "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE of_user('u7', 50)"));
    assertReadsFiftyFromTheUserIndex(plan);
  }

  @Test
  void latestFiftyOfAUser_throughTheStore_newestFirst() {
    List<AuditEvent> events = store.audit().query(AuditQuery.forUser("u7", 50));
    assertThat(events).hasSize(50).allMatch(e -> "u7".equals(e.userId()));
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i - 1).createdAt()).isAfter(events.get(i).createdAt());
    }
  }
}
