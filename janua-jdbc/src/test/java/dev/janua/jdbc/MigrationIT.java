package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Janua's Flyway migrations: own history table, configurable schema, concurrent startup. */
class MigrationIT {
  private final List<String> schemas = new ArrayList<>();
  private final List<JdbcStore> stores = new ArrayList<>();

  private String schema() {
    String s = TestDatabase.freshSchema(MigrationIT.class);
    schemas.add(s);
    return s;
  }

  private JdbcStore open(JdbcStoreConfig config) {
    JdbcStore s = JdbcStore.builder().config(config).build();
    synchronized (stores) {
      stores.add(s);
    }
    return s;
  }

  @AfterEach
  void cleanUp() {
    stores.forEach(JdbcStore::close);
    schemas.forEach(TestDatabase::dropSchema);
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<String> history(String schema) throws SQLException {
    return column("SELECT version || ':' || success FROM \"" + schema
        + "\".janua_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
  }

  private static List<String> tables(String schema) throws SQLException {
    return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
        + "'");
  }

  @Test
  void build_freshSchema_migratesIntoItWithOwnHistoryTable() throws SQLException {
    String schema = schema();
    JdbcStore store = open(TestDatabase.config(schema).build());
    assertThat(store.schema()).isEqualTo(schema);
    assertThat(history(schema)).startsWith("1:true", "2:true").contains("3:true").allMatch(v -> v.endsWith(":true"));
    assertThat(tables(schema)).contains("janua_schema_history", "users", "sessions",
        "refresh_tokens", "organizations", "organization_members", "roles", "api_tokens",
        "password_resets", "audit_logs", "signing_keys", "account_tokens")
        .doesNotContain("flyway_schema_history");
  }

  @Test
  void build_migrateFalse_touchesNothing() throws SQLException {
    String schema = schema();
    open(TestDatabase.config(schema).migrate(false).build());
    assertThat(column("SELECT schema_name FROM information_schema.schemata WHERE schema_name = '"
        + schema + "'")).isEmpty();
  }

  @Test
  void migrate_secondRun_noop_andDataKept() throws SQLException {
    String schema = schema();
    JdbcStore first = open(TestDatabase.config(schema).build());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredUser u = Fixtures.user(now);
    first.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
    assertThat(JdbcStore.migrate(first.dataSource(), schema)).isZero();
    JdbcStore second = open(TestDatabase.config(schema).build());
    assertThat(second.users().findById(u.id())).contains(u);
    assertThat(history(schema)).startsWith("1:true", "2:true").contains("3:true").allMatch(v -> v.endsWith(":true"));
  }

  @Test
  void migrateV10_revokesLiveSessionsOfDisabledUsersOnly() throws SQLException {
    String schema = schema();
    JdbcStore store = open(TestDatabase.config(schema).build());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredUser disabled = Fixtures.user(now);
    StoredUser enabled = Fixtures.user(now);
    List<String> sessions = new ArrayList<>();
    for (StoredUser u : List.of(disabled, enabled)) {
      store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
      dev.janua.Session s = Fixtures.session(u.id(), now, java.time.Duration.ofDays(30));
      assertThat(store.sessions().create(s, Fixtures.token(s, now, java.time.Duration.ofDays(7)),
          Fixtures.event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now))).isTrue();
      sessions.add(s.id());
    }
    // What an earlier version could leave: a disabled account with a live session; then the
    // schema as it was before V10.
    TestDatabase.execute("UPDATE \"" + schema + "\".users SET is_active = false WHERE id = '"
        + disabled.id() + "'");
    // V10 and every later migration are forgotten (Flyway refuses a gap), and the tables of the
    // later ones dropped, so that they run again after V10.
    String history = "\"" + schema + "\".janua_schema_history";
    TestDatabase.execute("DELETE FROM " + history + " WHERE installed_rank >= (SELECT "
        + "installed_rank FROM " + history + " WHERE version = '10')");
    TestDatabase.execute("DROP TABLE \"" + schema + "\".mfa_recovery_codes, \"" + schema
        + "\".mfa_factors"); // V11
    undoV12(schema);
    TestDatabase.execute("DROP TABLE \"" + schema + "\".passkey_challenges, \"" + schema
        + "\".passkeys"); // V13

    assertThat(JdbcStore.migrate(store.dataSource(), schema)).isEqualTo(4);

    assertThat(store.sessions().find(sessions.get(0)).orElseThrow().revokedAt()).isNotNull();
    assertThat(store.sessions().find(sessions.get(1)).orElseThrow().isLive(now)).isTrue();
  }

  /** Drops what V12 added, so that it runs again. */
  private static void undoV12(String schema) {
    String q = "\"" + schema + "\".";
    TestDatabase.execute("DROP TABLE " + q + "mfa_challenges");
    TestDatabase.execute("ALTER TABLE " + q + "sessions DROP COLUMN amr, DROP COLUMN auth_time");
    TestDatabase.execute("ALTER TABLE " + q + "devices DROP COLUMN mfa_remembered_until");
  }

  @Test
  void migrateV12_keepsV11Data_sessionsReadWithoutAmr_devicesNotRemembered() throws SQLException {
    String schema = schema();
    JdbcStore store = open(TestDatabase.config(schema).build());
    String history = "\"" + schema + "\".janua_schema_history";
    // V12 and the later ones are forgotten (Flyway refuses a gap) and undone.
    TestDatabase.execute("DELETE FROM " + history + " WHERE version IN ('12', '13')");
    undoV12(schema);
    TestDatabase.execute("DROP TABLE \"" + schema + "\".passkey_challenges, \"" + schema
        + "\".passkeys"); // V13
    // Rows as a V11 schema holds them, written with its columns only.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    StoredUser u = Fixtures.user(now);
    store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
    String q = "\"" + schema + "\".";
    TestDatabase.execute("INSERT INTO " + q + "sessions (id, user_id, ip_address, user_agent, "
        + "created_at, last_used_at, expires_at) VALUES ('s-v11', '" + u.id() + "', NULL, NULL, "
        + "'" + now + "', '" + now + "', '" + now.plus(java.time.Duration.ofDays(30)) + "')");
    TestDatabase.execute("INSERT INTO " + q + "devices (id, token_hash, user_id, created_at, "
        + "expires_at) VALUES ('d-v11', 'hash-v11', '" + u.id() + "', '" + now + "', '"
        + now.plus(java.time.Duration.ofDays(90)) + "')");

    assertThat(JdbcStore.migrate(store.dataSource(), schema)).isEqualTo(2);

    dev.janua.Session s = store.sessions().find("s-v11").orElseThrow();
    assertThat(s.amr()).isEmpty();
    assertThat(s.authTime()).isEqualTo(now);
    assertThat(store.devices().find("hash-v11").orElseThrow().mfaRememberedUntil()).isNull();
    assertThat(store.devices().rememberMfa("hash-v11", now.plusSeconds(60))).isTrue();
    dev.janua.spi.MfaChallengeRecord c = new dev.janua.spi.MfaChallengeRecord("c-hash", u.id(),
        "client", null, now, now.plusSeconds(300), 0);
    store.factors().saveChallenge(c, now);
    assertThat(store.factors().takeChallengeAttempt("c-hash", "client", now, 5)).isPresent();
    assertThat(history(schema)).contains("12:true");
  }

  @Test
  void migrate_schemaSharedWithHostsOwnFlyway_coexists() throws SQLException {
    String schema = schema();
    // The host's own tables and Flyway history in the same schema, before Janua arrives.
    TestDatabase.execute("CREATE SCHEMA \"" + schema + "\"");
    TestDatabase.execute("CREATE TABLE \"" + schema + "\".orders (id bigint PRIMARY KEY)");
    TestDatabase.execute("CREATE TABLE \"" + schema + "\".flyway_schema_history "
        + "(installed_rank int PRIMARY KEY, version text)");
    TestDatabase.execute("INSERT INTO \"" + schema + "\".flyway_schema_history VALUES (1, '7')");
    open(TestDatabase.config(schema).build());
    assertThat(history(schema)).contains("1:true");
    assertThat(tables(schema)).contains("orders", "flyway_schema_history", "janua_schema_history",
        "users");
    assertThat(column("SELECT version FROM \"" + schema + "\".flyway_schema_history"))
        .containsExactly("7");
  }

  @Test
  void build_twoInstancesAtOnce_oneMigrationBothWork() throws Exception {
    String schema = schema();
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<JdbcStore>> futures = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        Callable<JdbcStore> build = () -> {
          start.await();
          return open(TestDatabase.config(schema).poolSize(0).maxOverflow(3).build());
        };
        futures.add(pool.submit(build));
      }
      start.countDown();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      for (Future<JdbcStore> f : futures) {
        JdbcStore store = f.get();
        StoredUser u = Fixtures.user(now);
        store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
        assertThat(store.users().findByEmail(u.email())).contains(u);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(history(schema)).startsWith("1:true", "2:true").contains("3:true").allMatch(v -> v.endsWith(":true"));
  }
}
