package dev.janua.testing;

import dev.janua.spi.MembershipChange;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.PasswordHashSwap;
import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.tokenHash;
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
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have (shipped in the janua-core test-jar, in a package of its
 * own so that stores in named modules can run it). An implementation's test only extends this and
 * says how to make a store. Tests never assume an empty store (a JDBC implementation may reuse one
 * schema per class): every value they write is unique.
 */
public abstract class StoreContract {
  protected static final Duration CAP = Duration.ofDays(30);
  protected static final Duration TTL = Duration.ofDays(7);

  protected Store store;
  protected Instant now;

  /** A store to test; may share data with stores returned before. */
  protected abstract Store newStore();

  /**
   * A second store over the same data, as another instance would see it. The in-memory store
   * answers with the same object.
   */
  protected Store sameDataStore() {
    return store;
  }

  @BeforeEach
  void setUpStore() {
    store = newStore();
    now = Instant.parse("2026-06-01T10:00:00Z").plus(Duration.ofNanos(123_456_000))
        .truncatedTo(ChronoUnit.MICROS);
  }

  protected StoredUser createdUser() {
    StoredUser u = user(now);
    store.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    return u;
  }

  protected Session createdSession(StoredUser u, RefreshTokenRecord[] first) {
    Session s = session(u.id(), now, CAP);
    RefreshTokenRecord t = token(s, now, TTL);
    store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    if (first != null) {
      first[0] = t;
    }
    return s;
  }

  @Nested
  class Users {
    @Test
    void createUser_thenFindByIdAndEmail_returnsIt() {
      StoredUser u = createdUser();
      assertThat(store.users().findById(u.id())).contains(u);
      assertThat(store.users().findByEmail(u.email())).contains(u);
    }

    @Test
    void findUser_unknown_isEmpty() {
      assertThat(store.users().findById(id())).isEmpty();
      assertThat(store.users().findByEmail("nobody-" + id() + "@example.com")).isEmpty();
    }

    @Test
    void createUser_duplicateEmail_conflictAndNothingWritten() {
      StoredUser u = createdUser();
      StoredUser twin = new StoredUser(id(), u.email(), "Twin", u.passwordHash(), true, now, now);
      AuditEvent twinEvent = event(AuditEventType.SIGNUP, twin.id(), now);
      assertThatThrownBy(() -> store.users().create(twin, twinEvent))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("email"));
      assertThat(store.users().findById(twin.id())).isEmpty();
      assertThat(store.audit().query(AuditQuery.forUser(twin.id(), 10))).isEmpty();
    }

    @Test
    void createUserWithSession_writesAllFive() {
      StoredUser u = user(now);
      Session s = session(u.id(), now, CAP);
      RefreshTokenRecord t = token(s, now, TTL);
      store.users().createWithSession(u, event(AuditEventType.SIGNUP, u.id(), now), s, t,
          event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
      assertThat(store.users().findByEmail(u.email())).contains(u);
      assertThat(store.sessions().find(s.id())).contains(s);
      assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10))).extracting(AuditEvent::type)
          .containsExactly(AuditEventType.SIGNIN_SUCCEEDED, AuditEventType.SIGNUP);
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(), tokenHash(), now.plus(TTL)), now, event(AuditEventType.TOKEN_REFRESHED, null, now))).isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void createUserWithSession_duplicateEmail_conflictAndNoSession() {
      StoredUser existing = createdUser();
      StoredUser twin = new StoredUser(id(), existing.email(), null, existing.passwordHash(), true, now, now);
      Session s = session(twin.id(), now, CAP);
      RefreshTokenRecord t = token(s, now, TTL);
      assertThatThrownBy(() -> store.users().createWithSession(twin, event(AuditEventType.SIGNUP, twin.id(), now),
          s, t, event(AuditEventType.SIGNIN_SUCCEEDED, twin.id(), now)))
          .isInstanceOf(ConflictException.class);
      assertThat(store.sessions().find(s.id())).isEmpty();
      assertThat(store.users().findById(twin.id())).isEmpty();
      assertThat(store.audit().query(AuditQuery.forUser(twin.id(), 10))).isEmpty();
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(), tokenHash(), now.plus(TTL)), now, event(AuditEventType.TOKEN_REFRESHED, null, now))).isEqualTo(new RotationOutcome.Unknown());
    }

    @Test
    void createUser_recordsSignupEvent() {
      StoredUser u = createdUser();
      List<AuditEvent> events = store.audit().query(AuditQuery.forUser(u.id(), 10));
      assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.SIGNUP);
      AuditEvent e = events.get(0);
      assertThat(e.ipAddress()).isEqualTo("203.0.113.7");
      assertThat(e.details()).isEqualTo(Map.of("k", "v"));
      assertThat(e.createdAt()).isEqualTo(now);
    }

    @Test
    void replacePasswordHash_onlyWhenExpectedHashMatches() {
      StoredUser u = createdUser();
      Instant later = now.plusSeconds(5);
      assertThat(store.users().replacePasswordHash(u.id(), new PasswordHashSwap("$2a$04$stale", "$2a$04$new"), later)).isFalse();
      assertThat(store.users().findById(u.id()).orElseThrow().passwordHash()).isEqualTo(u.passwordHash());
      assertThat(store.users().replacePasswordHash(u.id(), new PasswordHashSwap(u.passwordHash(), "$2a$04$new"), later)).isTrue();
      StoredUser after = store.users().findById(u.id()).orElseThrow();
      assertThat(after.passwordHash()).isEqualTo("$2a$04$new");
      assertThat(after.updatedAt()).isEqualTo(later);
      assertThat(store.users().replacePasswordHash(id(), new PasswordHashSwap("x", "y"), later)).isFalse();
    }

    @Test
    void changePassword_revokesEverySessionAndRecordsEvent() {
      StoredUser u = createdUser();
      Session a = createdSession(u, null);
      Session b = createdSession(u, null);
      Instant later = now.plusSeconds(60);
      int revoked = store.users().changePassword(u.id(), "$2a$04$changed", later,
          event(AuditEventType.PASSWORD_CHANGED, u.id(), later));
      assertThat(revoked).isEqualTo(2);
      assertThat(store.users().findById(u.id()).orElseThrow().passwordHash()).isEqualTo("$2a$04$changed");
      assertThat(store.sessions().find(a.id()).orElseThrow().revokedAt()).isEqualTo(later);
      assertThat(store.sessions().find(b.id()).orElseThrow().isLive(later)).isFalse();
      assertThat(store.audit().query(AuditQuery.forUser(u.id(), 1)))
          .extracting(AuditEvent::type).containsExactly(AuditEventType.PASSWORD_CHANGED);
    }

    @Test
    void changePassword_unknownUser_minusOne() {
      assertThat(store.users().changePassword(id(), "h", now, event(AuditEventType.PASSWORD_CHANGED, null, now)))
          .isEqualTo(-1);
    }

    @Test
    void setUserEnabled_false_disablesAndRevokesSessions() {
      StoredUser u = createdUser();
      Session s = createdSession(u, null);
      assertThat(store.users().setEnabled(u.id(), false, now, event(AuditEventType.USER_DISABLED, u.id(), now)))
          .isTrue();
      assertThat(store.users().findById(u.id()).orElseThrow().enabled()).isFalse();
      assertThat(store.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();
      assertThat(store.users().setEnabled(u.id(), true, now, event(AuditEventType.USER_ENABLED, u.id(), now)))
          .isTrue();
      assertThat(store.users().findById(u.id()).orElseThrow().enabled()).isTrue();
      assertThat(store.users().setEnabled(id(), true, now, event(AuditEventType.USER_ENABLED, null, now)))
          .isFalse();
    }
  }

  @Nested
  class Sessions {
    @Test
    void createSession_thenFind_returnsItLive() {
      StoredUser u = createdUser();
      Session s = createdSession(u, null);
      Session found = store.sessions().find(s.id()).orElseThrow();
      assertThat(found).isEqualTo(s);
      assertThat(found.isLive(now)).isTrue();
      assertThat(store.sessions().find(id())).isEmpty();
    }

    @Test
    void liveSessions_excludesRevokedAndCapped_newestFirst() {
      StoredUser u = createdUser();
      Session old = createdSession(u, null);
      now = now.plusSeconds(10);
      Session newer = createdSession(u, null);
      now = now.plusSeconds(10);
      Session revoked = createdSession(u, null);
      store.sessions().revoke(revoked.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
      assertThat(store.sessions().live(u.id(), now)).extracting(Session::id)
          .containsExactly(newer.id(), old.id());
      assertThat(store.sessions().live(u.id(), now.plus(CAP))).isEmpty();
    }

    @Test
    void revokeSession_onceOnly() {
      StoredUser u = createdUser();
      Session s = createdSession(u, null);
      AuditEvent e = event(AuditEventType.SIGNOUT, u.id(), now);
      assertThat(store.sessions().revoke(s.id(), now, e)).isTrue();
      assertThat(store.sessions().revoke(s.id(), now.plusSeconds(1),
          event(AuditEventType.SIGNOUT, u.id(), now))).isFalse();
      assertThat(store.sessions().find(s.id()).orElseThrow().revokedAt()).isEqualTo(now);
      assertThat(store.sessions().revoke(id(), now, event(AuditEventType.SIGNOUT, u.id(), now))).isFalse();
      assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
          .filteredOn(a -> a.type() == AuditEventType.SIGNOUT).hasSize(1);
    }

    @Test
    void revokeUserSessions_revokesOnlyThatUsersLiveSessions() {
      StoredUser u = createdUser();
      StoredUser other = createdUser();
      createdSession(u, null);
      createdSession(u, null);
      Session others = createdSession(other, null);
      assertThat(store.sessions().revokeAll(u.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now)))
          .isEqualTo(2);
      assertThat(store.sessions().live(u.id(), now)).isEmpty();
      assertThat(store.sessions().find(others.id()).orElseThrow().isLive(now)).isTrue();
    }
  }

  @Nested
  class RefreshRotation {
    private AuditEvent refreshed() {
      return event(AuditEventType.TOKEN_REFRESHED, null, now);
    }

    @Test
    void rotate_liveToken_rotatesAndRecordsEventWithSubject() {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      Session s = createdSession(u, first);
      now = now.plusSeconds(30);
      String next = tokenHash();
      AuditEvent e = refreshed();
      RotationOutcome out = store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), next, now.plus(TTL)), now, e);
      assertThat(out).isInstanceOf(RotationOutcome.Rotated.class);
      RotationOutcome.Rotated r = (RotationOutcome.Rotated) out;
      assertThat(r.session().id()).isEqualTo(s.id());
      assertThat(r.session().lastUsedAt()).isEqualTo(now);
      assertThat(r.successor()).isEqualTo(
          new RefreshTokenRecord(next, s.id(), u.id(), now, now.plus(TTL)));
      assertThat(store.sessions().find(s.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
      AuditEvent recorded = store.audit().query(AuditQuery.forUser(u.id(), 1)).get(0);
      assertThat(recorded.id()).isEqualTo(e.id());
      assertThat(recorded.sessionId()).isEqualTo(s.id());
    }

    @Test
    void rotate_successorCanRotateAgain() {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      createdSession(u, first);
      String second = tokenHash();
      store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), second, now.plus(TTL)), now, refreshed());
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(second, tokenHash(), now.plus(TTL)), now, refreshed()))
          .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotate_spentToken_alreadySpentWithWhen_andWritesNothing() {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      Session s = createdSession(u, first);
      Instant spentAt = now;
      store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), tokenHash(), now.plus(TTL)), now, refreshed());
      now = now.plusSeconds(3);
      String wouldBe = tokenHash();
      RotationOutcome out = store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), wouldBe, now.plus(TTL)), now, refreshed());
      assertThat(out).isEqualTo(new RotationOutcome.AlreadySpent(s.id(), u.id(), spentAt));
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(wouldBe, tokenHash(), now.plus(TTL)), now, refreshed()))
          .isEqualTo(new RotationOutcome.Unknown());
    }

    @Test
    void rotate_unknownToken_unknown() {
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(tokenHash(), tokenHash(), now.plus(TTL)), now, refreshed()))
          .isEqualTo(new RotationOutcome.Unknown());
    }

    @Test
    void rotate_expiredToken_expired() {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      Session s = createdSession(u, first);
      now = now.plus(TTL);
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), tokenHash(), now.plus(TTL)), now, refreshed()))
          .isEqualTo(new RotationOutcome.Expired(s.id()));
    }

    @Test
    void rotate_revokedSession_sessionEnded() {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      Session s = createdSession(u, first);
      store.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
      assertThat(store.sessions().rotateRefreshToken(new RefreshTokenRotation(first[0].tokenHash(), tokenHash(), now.plus(TTL)), now, refreshed()))
          .isEqualTo(new RotationOutcome.SessionEnded(s.id()));
    }

    @Test
    void rotate_successorExpiry_cappedAtSessionExpiry() {
      StoredUser u = createdUser();
      Session s = new Session(id(), u.id(), null, null, now, now, now.plus(Duration.ofDays(1)), null);
      RefreshTokenRecord t = token(s, now, Duration.ofHours(1));
      store.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
      RotationOutcome.Rotated r = (RotationOutcome.Rotated)
          store.sessions().rotateRefreshToken(new RefreshTokenRotation(t.tokenHash(), tokenHash(), now.plus(TTL)), now, refreshed());
      assertThat(r.successor().expiresAt()).isEqualTo(s.expiresAt());
      assertThat(r.session().ipAddress()).isNull();
    }

    @Test
    void rotate_fiftyConcurrentCallers_exactlyOneRotates() throws Exception {
      StoredUser u = createdUser();
      RefreshTokenRecord[] first = new RefreshTokenRecord[1];
      createdSession(u, first);
      int threads = 50;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RotationOutcome>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          Store target = i % 2 == 0 ? store : sameDataStore();
          Callable<RotationOutcome> call = () -> {
            start.await();
            return target.sessions().rotateRefreshToken(
                new RefreshTokenRotation(first[0].tokenHash(), tokenHash(), now.plus(TTL)), now,
                event(AuditEventType.TOKEN_REFRESHED, null, now));
          };
          results.add(pool.submit(call));
        }
        start.countDown();
        int rotated = 0;
        int spent = 0;
        for (Future<RotationOutcome> f : results) {
          RotationOutcome o = f.get();
          if (o instanceof RotationOutcome.Rotated) {
            rotated++;
          } else if (o instanceof RotationOutcome.AlreadySpent) {
            spent++;
          }
        }
        assertThat(rotated).isEqualTo(1);
        assertThat(spent).isEqualTo(threads - 1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Organizations {
    @Test
    void createOrganization_withOwnerMembershipAndEvent() {
      StoredUser owner = createdUser();
      Organization org = organization(owner.id(), now);
      Membership m = membership(org.id(), owner.id(), "owner", now);
      store.organizations().create(org, m, orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
      assertThat(store.organizations().find(org.id())).contains(org);
      assertThat(store.organizations().findMembership(org.id(), owner.id())).contains(m);
      assertThat(store.organizations().members(org.id())).containsExactly(m);
      assertThat(store.organizations().membershipsOf(owner.id())).containsExactly(m);
      assertThat(store.audit().query(AuditQuery.forOrganization(org.id(), 5)))
          .extracting(AuditEvent::type).containsExactly(AuditEventType.ORGANIZATION_CREATED);
      assertThat(store.organizations().find(id())).isEmpty();
    }

    @Test
    void createOrganization_duplicateSlug_conflictAndNothingWritten() {
      StoredUser owner = createdUser();
      Organization org = organization(owner.id(), now);
      store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
          orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
      StoredUser other = createdUser();
      Organization twin = new Organization(id(), "Twin", org.slug(), other.id(), now);
      assertThatThrownBy(() -> store.organizations().create(twin, membership(twin.id(), other.id(), "owner", now),
          orgEvent(AuditEventType.ORGANIZATION_CREATED, other.id(), twin.id(), now)))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("slug"));
      assertThat(store.organizations().find(twin.id())).isEmpty();
      assertThat(store.organizations().membershipsOf(other.id())).isEmpty();
    }

    private Organization createdOrg(StoredUser owner) {
      Organization org = organization(owner.id(), now);
      store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
          orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
      return org;
    }

    @Test
    void addMember_thenDuplicate_conflict() {
      StoredUser owner = createdUser();
      StoredUser member = createdUser();
      Organization org = createdOrg(owner);
      now = now.plusSeconds(1);
      Membership m = membership(org.id(), member.id(), "member", now);
      store.organizations().addMember(m, orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));
      assertThat(store.organizations().members(org.id())).extracting(Membership::userId)
          .containsExactly(owner.id(), member.id());
      assertThatThrownBy(() -> store.organizations().addMember(m, orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now)))
          .isInstanceOf(ConflictException.class);
    }

    @Test
    void changeRoleAndStatus_keepJoinedAt() {
      StoredUser owner = createdUser();
      StoredUser member = createdUser();
      Organization org = createdOrg(owner);
      Membership m = membership(org.id(), member.id(), "member", now);
      store.organizations().addMember(m, orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));
      Membership changed = new Membership(org.id(), member.id(), "admin", MembershipStatus.ACTIVE,
          now.plusSeconds(99));
      assertThat(store.organizations().changeRole(changed, "member",
          orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
          .isEqualTo(MembershipChange.DONE);
      assertThat(store.organizations().setStatus(org.id(), member.id(), MembershipStatus.SUSPENDED,
          orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
          .isEqualTo(MembershipChange.DONE);
      assertThat(store.organizations().findMembership(org.id(), member.id())).contains(
          new Membership(org.id(), member.id(), "admin", MembershipStatus.SUSPENDED, now));
      assertThat(store.organizations().changeRole(membership(org.id(), id(), "admin", now), "member",
          orgEvent(AuditEventType.ROLE_CHANGED, null, org.id(), now))).isEqualTo(MembershipChange.NOT_FOUND);
      assertThat(store.organizations().changeRole(changed.withRole("viewer"), "member",
          orgEvent(AuditEventType.ROLE_CHANGED, null, org.id(), now))).isEqualTo(MembershipChange.STALE);
    }

    @Test
    void removeMember_removesOnce() {
      StoredUser owner = createdUser();
      StoredUser member = createdUser();
      Organization org = createdOrg(owner);
      store.organizations().addMember(membership(org.id(), member.id(), "viewer", now),
          orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));
      assertThat(store.organizations().removeMember(org.id(), member.id(),
          orgEvent(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now))).isEqualTo(MembershipChange.DONE);
      assertThat(store.organizations().findMembership(org.id(), member.id())).isEmpty();
      assertThat(store.organizations().removeMember(org.id(), member.id(),
          orgEvent(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now))).isEqualTo(MembershipChange.NOT_FOUND);
    }

    @Test
    void createRole_findAndList_duplicateConflicts() {
      StoredUser owner = createdUser();
      Organization org = createdOrg(owner);
      Role billing = new Role(org.id(), "billing", Set.of("invoices:*", "org:read"), now);
      Role auditor = new Role(org.id(), "auditor", Set.of("audit:read"), now);
      store.organizations().createRole(billing, orgEvent(AuditEventType.ROLE_CREATED, owner.id(), org.id(), now));
      store.organizations().createRole(auditor, orgEvent(AuditEventType.ROLE_CREATED, owner.id(), org.id(), now));
      assertThat(store.organizations().findRole(org.id(), "billing")).contains(billing);
      assertThat(store.organizations().findRole(org.id(), "nope")).isEmpty();
      assertThat(store.organizations().roles(org.id())).containsExactly(auditor, billing);
      assertThatThrownBy(() -> store.organizations().createRole(new Role(org.id(), "billing", Set.of(), now),
          orgEvent(AuditEventType.ROLE_CREATED, owner.id(), org.id(), now)))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("name"));
    }
  }

  @Nested
  class Audit {
    @Test
    void auditEvents_newestFirst_tiesByRecordingOrder_limited() {
      StoredUser u = createdUser();
      AuditEvent a = event(AuditEventType.SIGNIN_FAILED, u.id(), now.plusSeconds(1));
      AuditEvent b = event(AuditEventType.SIGNIN_FAILED, u.id(), now.plusSeconds(2));
      AuditEvent c = event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now.plusSeconds(2));
      store.audit().append(a);
      store.audit().append(b);
      store.audit().append(c);
      assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
          .extracting(AuditEvent::id)
          .containsExactly(c.id(), b.id(), a.id(), store.audit().query(AuditQuery.forUser(u.id(), 10)).get(3).id());
      assertThat(store.audit().query(AuditQuery.forUser(u.id(), 2))).extracting(AuditEvent::id)
          .containsExactly(c.id(), b.id());
      assertThat(store.audit().query(AuditQuery.latest(1))).hasSize(1);
    }

    @Test
    void appendAudit_nullSubject_allowed() {
      AuditEvent e = new AuditEvent(id(), AuditEventType.SIGNIN_FAILED, null, null, null, null, null,
          Map.of("email", "ghost@example.com"), now);
      store.audit().append(e);
      assertThat(store.audit().query(AuditQuery.latest(1000))).extracting(AuditEvent::id).contains(e.id());
    }
  }

  @Nested
  class SigningKeys {
    private StoredSigningKey key(String kid) {
      return new StoredSigningKey(kid, "RS256", "cHJpdmF0ZQ==", "cHVibGlj", now, null);
    }

    @Test
    void activeSigningKey_firstCandidateWins_thenRotation() {
      // Keys are global to the store: rotate first so this test does not depend on earlier ones.
      String first = "kid-" + id();
      store.signingKeys().rotate(key(first), now);
      assertThat(store.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(first);
      now = now.plusSeconds(60);
      String second = "kid-" + id();
      store.signingKeys().rotate(key(second), now);
      assertThat(store.signingKeys().activeKey(key("kid-" + id())).kid()).isEqualTo(second);
      List<StoredSigningKey> all = store.signingKeys().all();
      assertThat(all.get(0).kid()).isEqualTo(second);
      assertThat(all.get(0).retiredAt()).isNull();
      assertThat(all).filteredOn(k -> k.kid().equals(first)).singleElement()
          .satisfies(k -> assertThat(k.retiredAt()).isEqualTo(now));
      assertThat(all).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    }
  }
}
