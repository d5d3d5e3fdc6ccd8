package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Session;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Slow-query reports name the statement and its duration, never a bound value. */
class SlowQueryIT {
  private static final String SCHEMA = TestDatabase.freshSchema(SlowQueryIT.class);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @AfterAll
  static void drop() {
    TestDatabase.dropSchema(SCHEMA);
  }

  record Report(String statement, Duration elapsed) {}

  @Test
  void thresholdZero_everyStatementReportedByName() {
    List<Report> reports = new CopyOnWriteArrayList<>();
    try (JdbcStore store = JdbcStore.builder().config(TestDatabase.config(SCHEMA)
            .slowQueryThreshold(Duration.ZERO).build())
        .slowQueryListener((statement, elapsed) -> reports.add(new Report(statement, elapsed)))
        .build()) {
      StoredUser u = Fixtures.user(now);
      store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
      store.users().findByEmail(u.email());
      assertThat(reports).extracting(Report::statement)
          .containsSubsequence("users.insert", "audit_logs.insert", "users.find_by_email");
      assertThat(reports).allSatisfy(r -> assertThat(r.elapsed().isNegative()).isFalse());
    }
  }

  @Test
  void thresholdZero_sessionReadInPlainJdbc_reportedByName() {
    List<Report> reports = new CopyOnWriteArrayList<>();
    try (JdbcStore store = JdbcStore.builder().config(TestDatabase.config(SCHEMA)
            .slowQueryThreshold(Duration.ZERO).build())
        .slowQueryListener((statement, elapsed) -> reports.add(new Report(statement, elapsed)))
        .build()) {
      StoredUser u = Fixtures.user(now);
      store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
      Session s = Fixtures.session(u.id(), now, Duration.ofDays(30));
      store.sessions().create(s, Fixtures.token(s, now, Duration.ofDays(7)),
          Fixtures.event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
      reports.clear();

      assertThat(store.sessions().find(s.id())).contains(s);
      assertThat(store.sessions().find(Fixtures.id())).isEmpty();

      assertThat(reports).extracting(Report::statement)
          .containsExactly("sessions.find_by_id", "sessions.find_by_id");
      assertThat(reports).allSatisfy(r -> assertThat(r.elapsed().isNegative()).isFalse());
    }
  }

  @Test
  void highThreshold_fastStatementsNotReported() {
    List<Report> reports = new CopyOnWriteArrayList<>();
    try (JdbcStore store = JdbcStore.builder().config(TestDatabase.config(SCHEMA)
            .slowQueryThreshold(Duration.ofHours(1)).build())
        .slowQueryListener((statement, elapsed) -> reports.add(new Report(statement, elapsed)))
        .build()) {
      store.users().findById(Fixtures.id());
      assertThat(reports).isEmpty();
    }
  }

  @Test
  void defaultListener_logsNameAndMillis_neverBoundValues() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StoredUser u = Fixtures.user(now);
    // slf4j-simple writes to whatever System.err is at the time of each line.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (JdbcStore store = JdbcStore.builder().config(TestDatabase.config(SCHEMA)
        .slowQueryThreshold(Duration.ZERO).build()).build()) {
      store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
      store.users().findByEmail(u.email());
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).containsPattern("Slow query: users.insert took \\d+ ms")
        .containsPattern("Slow query: users.find_by_email took \\d+ ms")
        .doesNotContain(u.email()).doesNotContain(u.passwordHash()).doesNotContain(u.id());
  }

  @Test
  void throwingListener_suppressed_operationSucceeds() {
    try (JdbcStore store = JdbcStore.builder().config(TestDatabase.config(SCHEMA)
            .slowQueryThreshold(Duration.ZERO).build())
        .slowQueryListener((statement, elapsed) -> {
          throw new IllegalStateException("listener broke");
        })
        .build()) {
      StoredUser u = Fixtures.user(now);
      store.users().create(u, Fixtures.event(AuditEventType.SIGNUP, u.id(), now));
      assertThat(store.users().findById(u.id())).contains(u);
    }
  }
}
