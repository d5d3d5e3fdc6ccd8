package dev.janua.jdbc;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every multi-row write is one transaction: when its last statement (the audit insert) fails,
 * the rows written before it are gone too.
 */
class AtomicWriteIT {
  private static final String SCHEMA = TestDatabase.freshSchema(AtomicWriteIT.class);
  private static JdbcStore store;
  private final Instant now = Instant.parse("2026-06-01T10:00:00.123456Z");

  @BeforeAll
  static void open() {
    store = JdbcStore.builder().config(TestDatabase.config(SCHEMA).build()).build();
    // A fault of the test's own: audit inserts whose details say so fail inside PostgreSQL.
    TestDatabase.execute("CREATE FUNCTION \"" + SCHEMA + "\".fail_audit() RETURNS trigger "
        + "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected audit failure'; END $$");
    TestDatabase.execute("CREATE TRIGGER fail_audit BEFORE INSERT ON \"" + SCHEMA + "\".audit_logs "
        + "FOR EACH ROW WHEN (NEW.details ? 'fail') EXECUTE FUNCTION \"" + SCHEMA + "\".fail_audit()");
  }

  @AfterAll
  static void close() {
    store.close();
    TestDatabase.dropSchema(SCHEMA);
  }

  private static AuditEvent failing(AuditEventType type, String userId, String orgId, Instant at) {
    return new AuditEvent(dev.janua.testing.Fixtures.id(), type, userId, null, orgId, null, null,
        java.util.Map.of("fail", "yes"), at);
  }

  @Test
  void createUser_duplicateAuditId_userNotWritten() {
    StoredUser first = user(now);
    AuditEvent e = event(AuditEventType.SIGNUP, first.id(), now);
    store.createUser(first, e);
    StoredUser second = user(now);
    AuditEvent sameId = new AuditEvent(e.id(), AuditEventType.SIGNUP, second.id(), null, null, null,
        null, null, now);
    assertThatThrownBy(() -> store.createUser(second, sameId)).isInstanceOf(ConflictException.class);
    assertThat(store.findUserById(second.id())).isEmpty();
    assertThat(store.findUserByEmail(second.email())).isEmpty();
  }

  @Test
  void createUser_auditFails_userNotWritten_andNoDriverException() {
    StoredUser u = user(now);
    assertThatThrownBy(() -> store.createUser(u, failing(AuditEventType.SIGNUP, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining(u.email());
    assertThat(store.findUserById(u.id())).isEmpty();
  }

  @Test
  void createOrganization_auditFails_neitherOrganizationNorMembershipWritten() {
    StoredUser owner = user(now);
    store.createUser(owner, event(AuditEventType.SIGNUP, owner.id(), now));
    Organization org = organization(owner.id(), now);
    assertThatThrownBy(() -> store.createOrganization(org,
        membership(org.id(), owner.id(), "owner", now),
        failing(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.findOrganization(org.id())).isEmpty();
    assertThat(store.findMembership(org.id(), owner.id())).isEmpty();
    assertThat(store.membershipsOf(owner.id())).isEmpty();
    // The slug is still free.
    store.createOrganization(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    assertThat(store.findOrganization(org.id())).contains(org);
  }

  @Test
  void changePassword_auditFails_hashKeptAndSessionsStayLive() {
    StoredUser u = user(now);
    store.createUser(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    store.createSession(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    Instant later = now.plusSeconds(5);
    assertThatThrownBy(() -> store.changePassword(u.id(), "$2a$04$other", later,
        failing(AuditEventType.PASSWORD_CHANGED, u.id(), null, later)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.findUserById(u.id()).orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
    assertThat(store.findSession(s.id()).orElseThrow().isLive(later)).isTrue();
  }

  @Test
  void createSession_auditFails_sessionAndTokenNotWritten() {
    StoredUser u = user(now);
    store.createUser(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    assertThatThrownBy(() -> store.createSession(s, t,
        failing(AuditEventType.SIGNIN_SUCCEEDED, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.findSession(s.id())).isEmpty();
    assertThat(store.rotateRefreshToken(t.tokenHash(), dev.janua.testing.Fixtures.tokenHash(),
        now.plus(Duration.ofDays(7)), now, event(AuditEventType.TOKEN_REFRESHED, null, now)))
        .isEqualTo(new dev.janua.spi.RotationOutcome.Unknown());
  }

  @Test
  void createUserWithSession_lastAuditFails_nothingWritten() {
    StoredUser u = user(now);
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    assertThatThrownBy(() -> store.createUserWithSession(u, event(AuditEventType.SIGNUP, u.id(), now),
        s, t, failing(AuditEventType.SIGNIN_SUCCEEDED, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.findUserById(u.id())).isEmpty();
    assertThat(store.findUserByEmail(u.email())).isEmpty();
    assertThat(store.findSession(s.id())).isEmpty();
    assertThat(store.auditEvents(dev.janua.AuditQuery.forUser(u.id(), 10))).isEmpty();
  }

  @Test
  void rotateRefreshToken_auditFails_tokenStaysUnspent() {
    StoredUser u = user(now);
    store.createUser(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    store.createSession(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    Instant later = now.plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
    assertThatThrownBy(() -> store.rotateRefreshToken(t.tokenHash(),
        dev.janua.testing.Fixtures.tokenHash(), later.plus(Duration.ofDays(7)), later,
        failing(AuditEventType.TOKEN_REFRESHED, null, null, later)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.rotateRefreshToken(t.tokenHash(), dev.janua.testing.Fixtures.tokenHash(),
        later.plus(Duration.ofDays(7)), later, event(AuditEventType.TOKEN_REFRESHED, null, later)))
        .isInstanceOf(dev.janua.spi.RotationOutcome.Rotated.class);
    assertThat(store.auditEvents(AuditQuery.forUser(u.id(), 10)))
        .extracting(AuditEvent::type)
        .containsExactly(AuditEventType.TOKEN_REFRESHED, AuditEventType.SIGNIN_SUCCEEDED,
            AuditEventType.SIGNUP);
  }
}
