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
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.StoreUnavailableException;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.RefreshTokenRotation;
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
    store.users().create(first, e);
    StoredUser second = user(now);
    AuditEvent sameId = new AuditEvent(e.id(), AuditEventType.SIGNUP, second.id(), null, null, null,
        null, null, now);
    assertThatThrownBy(() -> store.users().create(second, sameId))
        .isInstanceOf(ConflictException.class);
    assertThat(store.users().findById(second.id())).isEmpty();
    assertThat(store.users().findByEmail(second.email())).isEmpty();
  }

  @Test
  void createUser_auditFails_userNotWritten_andNoDriverException() {
    StoredUser u = user(now);
    assertThatThrownBy(() -> store.users().create(u,
        failing(AuditEventType.SIGNUP, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining(u.email());
    assertThat(store.users().findById(u.id())).isEmpty();
  }

  @Test
  void createOrganization_auditFails_neitherOrganizationNorMembershipWritten() {
    StoredUser owner = user(now);
    store.users().create(owner, event(AuditEventType.SIGNUP, owner.id(), now));
    Organization org = organization(owner.id(), now);
    assertThatThrownBy(() -> store.organizations().create(org,
        membership(org.id(), owner.id(), "owner", now),
        failing(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.organizations().find(org.id())).isEmpty();
    assertThat(store.organizations().findMembership(org.id(), owner.id())).isEmpty();
    assertThat(store.organizations().membershipsOf(owner.id())).isEmpty();
    // The slug is still free.
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    assertThat(store.organizations().find(org.id())).contains(org);
  }

  @Test
  void changePassword_auditFails_hashKeptAndSessionsStayLive() {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    store.sessions().create(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    Instant later = now.plusSeconds(5);
    assertThatThrownBy(() -> store.users().changePassword(u.id(), "$2a$04$other", later,
        failing(AuditEventType.PASSWORD_CHANGED, u.id(), null, later)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.users().findById(u.id()).orElseThrow().passwordHash())
        .isEqualTo(u.passwordHash());
    assertThat(store.sessions().find(s.id()).orElseThrow().isLive(later)).isTrue();
  }

  @Test
  void createSession_auditFails_sessionAndTokenNotWritten() {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    assertThatThrownBy(() -> store.sessions().create(s, t,
        failing(AuditEventType.SIGNIN_SUCCEEDED, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.sessions().find(s.id())).isEmpty();
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(),
        dev.janua.testing.Fixtures.tokenHash(), now.plus(Duration.ofDays(7))), now,
        event(AuditEventType.TOKEN_REFRESHED, null, now)))
        .isEqualTo(new dev.janua.spi.RotationOutcome.Unknown());
  }

  @Test
  void createUserWithSession_lastAuditFails_nothingWritten() {
    StoredUser u = user(now);
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    assertThatThrownBy(() -> store.users().createWithSession(u,
        event(AuditEventType.SIGNUP, u.id(), now), s, t,
        failing(AuditEventType.SIGNIN_SUCCEEDED, u.id(), null, now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.users().findById(u.id())).isEmpty();
    assertThat(store.users().findByEmail(u.email())).isEmpty();
    assertThat(store.sessions().find(s.id())).isEmpty();
    assertThat(store.audit().query(dev.janua.AuditQuery.forUser(u.id(), 10))).isEmpty();
  }

  @Test
  void rotateRefreshToken_auditFails_tokenStaysUnspent() {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    Session s = session(u.id(), now, Duration.ofDays(30));
    var t = token(s, now, Duration.ofDays(7));
    store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    Instant later = now.plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
    assertThatThrownBy(() -> store.sessions().rotateRefreshToken(new RefreshTokenRotation(
        t.tokenHash(), dev.janua.testing.Fixtures.tokenHash(), later.plus(Duration.ofDays(7))),
        later, failing(AuditEventType.TOKEN_REFRESHED, null, null, later)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(),
        dev.janua.testing.Fixtures.tokenHash(), later.plus(Duration.ofDays(7))), later,
        event(AuditEventType.TOKEN_REFRESHED, null, later)))
        .isInstanceOf(dev.janua.spi.RotationOutcome.Rotated.class);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
        .extracting(AuditEvent::type)
        .containsExactly(AuditEventType.TOKEN_REFRESHED, AuditEventType.SIGNIN_SUCCEEDED,
            AuditEventType.SIGNUP);
  }

  @Test
  void guardedMembershipChanges_auditFails_memberUnchanged() {
    StoredUser owner = user(now);
    StoredUser member = user(now);
    store.users().create(owner, event(AuditEventType.SIGNUP, owner.id(), now));
    store.users().create(member, event(AuditEventType.SIGNUP, member.id(), now));
    Organization org = organization(owner.id(), now);
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    Membership m = membership(org.id(), member.id(), "member", now);
    store.organizations().addMember(m,
        orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));

    assertThatThrownBy(() -> store.organizations().changeRole(m.withRole("admin"), "member",
        failing(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.organizations().setStatus(org.id(), member.id(),
        MembershipStatus.SUSPENDED, failing(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.organizations().removeMember(org.id(), member.id(),
        failing(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.organizations().findMembership(org.id(), member.id())).contains(m);
    // The organization's lock went with the failed transactions: the next change goes through.
    assertThat(store.organizations().changeRole(m.withRole("admin"), "member",
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
        .isEqualTo(MembershipChange.DONE);
  }
}
