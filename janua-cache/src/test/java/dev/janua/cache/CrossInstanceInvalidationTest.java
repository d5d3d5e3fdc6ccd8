package dev.janua.cache;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.session;
import static dev.janua.testing.Fixtures.token;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Session;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances (A and B), each a CachingStore with its own L1, over one store, one shared L2 and
 * one in-process bus: what A writes, B reads on its very next read.
 */
class CrossInstanceInvalidationTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final Instant now = clock.instant();
  private InMemoryStore shared;
  private MapRemoteCache l2;
  private CachingStore a;
  private CachingStore b;

  @BeforeEach
  void setUp() {
    shared = new InMemoryStore();
    l2 = new MapRemoteCache(clock);
    InProcessBus bus = new InProcessBus();
    a = CachingStore.wrap(shared,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
    b = CachingStore.wrap(shared,
        TieredCache.builder().clock(clock).remote(l2).bus(bus.endpoint()).build());
  }

  private StoredUser createdUser() {
    StoredUser u = user(now);
    a.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    return u;
  }

  private Session createdSession(StoredUser u, RefreshTokenRecord[] first) {
    Session s = session(u.id(), now, Duration.ofDays(30));
    RefreshTokenRecord t = token(s, now, Duration.ofDays(7));
    a.sessions().create(s, t, event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    if (first != null) {
      first[0] = t;
    }
    return s;
  }

  private boolean liveOnB(Session s) {
    return b.sessions().find(s.id()).map(x -> x.isLive(now)).orElse(false);
  }

  @Test
  void revokeSession_onA_notLiveOnB_nextRead() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(liveOnB(s)).isTrue();
    assertThat(liveOnB(s)).isTrue(); // now in B's L1 and in L2
    a.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
    assertThat(liveOnB(s)).isFalse();
  }

  @Test
  void revokeUserSessions_onA_everySessionNotLiveOnB() {
    StoredUser u = createdUser();
    Session s1 = createdSession(u, null);
    Session s2 = createdSession(u, null);
    assertThat(liveOnB(s1)).isTrue();
    assertThat(liveOnB(s2)).isTrue();
    a.sessions().revokeAll(u.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    assertThat(liveOnB(s1)).isFalse();
    assertThat(liveOnB(s2)).isFalse();
  }

  @Test
  void sessionRevokedBehindTheCachesBack_byUserWideRevocation_coveredByPrefix() {
    // A session the writer never listed (created straight in the store, as a concurrent signin
    // on a third instance would) is still dropped: the invalidation is by per-user prefix.
    StoredUser u = createdUser();
    Session s = session(u.id(), now, Duration.ofDays(30));
    shared.sessions().create(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    assertThat(liveOnB(s)).isTrue();
    a.sessions().revokeAll(u.id(), now, event(AuditEventType.SESSION_REVOKED, u.id(), now));
    assertThat(liveOnB(s)).isFalse();
  }

  @Test
  void changePassword_onA_revokesSessionsAndNewHashOnB() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(liveOnB(s)).isTrue();
    assertThat(b.users().findByEmail(u.email())).contains(u.withoutPasswordHash());
    a.users().changePassword(u.id(), "$2a$04$changed", now, event(AuditEventType.PASSWORD_CHANGED, u.id(), now));
    assertThat(liveOnB(s)).isFalse();
    // hashes are never cached: B reads them from the store
    assertThat(b.users().findCredentialsByEmail(u.email()).orElseThrow().passwordHash()).isEqualTo("$2a$04$changed");
    assertThat(b.users().findCredentialsById(u.id()).orElseThrow().passwordHash()).isEqualTo("$2a$04$changed");
  }

  @Test
  void setUserEnabledFalse_onA_disabledAndSessionsNotLiveOnB() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(liveOnB(s)).isTrue();
    assertThat(b.users().findById(u.id()).orElseThrow().enabled()).isTrue();
    a.users().setEnabled(u.id(), false, now, event(AuditEventType.USER_DISABLED, u.id(), now));
    assertThat(liveOnB(s)).isFalse();
    assertThat(b.users().findById(u.id()).orElseThrow().enabled()).isFalse();
  }

  @Test
  void negativeUserLookup_onB_thenSignupOnA_foundOnB() {
    StoredUser u = user(now);
    assertThat(b.users().findByEmail(u.email())).isEmpty();
    assertThat(b.users().findById(u.id())).isEmpty();
    a.users().create(u, event(AuditEventType.SIGNUP, u.id(), now));
    assertThat(b.users().findByEmail(u.email())).contains(u.withoutPasswordHash());
    assertThat(b.users().findById(u.id())).contains(u.withoutPasswordHash());
  }

  @Test
  void negativeSessionLookup_onB_thenCreatedOnA_foundOnB() {
    StoredUser u = createdUser();
    Session s = session(u.id(), now, Duration.ofDays(30));
    assertThat(b.sessions().find(s.id())).isEmpty();
    a.sessions().create(s, token(s, now, Duration.ofDays(7)),
        event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now));
    assertThat(b.sessions().find(s.id())).contains(s);
  }

  @Test
  void rotateRefreshToken_onA_lastUsedAtFreshOnB() {
    StoredUser u = createdUser();
    RefreshTokenRecord[] first = new RefreshTokenRecord[1];
    Session s = createdSession(u, first);
    assertThat(b.sessions().find(s.id()).orElseThrow().lastUsedAt()).isEqualTo(now);
    Instant later = now.plusSeconds(30);
    RotationOutcome out = a.sessions().rotateRefreshToken(new RefreshTokenRotation(
        first[0].tokenHash(), Fixtures.tokenHash(), later.plus(Duration.ofDays(7))), later,
        event(AuditEventType.TOKEN_REFRESHED, null, later));
    assertThat(out).isInstanceOf(RotationOutcome.Rotated.class);
    assertThat(b.sessions().find(s.id()).orElseThrow().lastUsedAt()).isEqualTo(later);
  }

  @Test
  void roleChange_onA_seenByBsNextMembershipRead() {
    StoredUser owner = createdUser();
    StoredUser member = createdUser();
    Organization org = organization(owner.id(), now);
    a.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    assertThat(b.organizations().findMembership(org.id(), member.id())).isEmpty();
    assertThat(b.organizations().members(org.id())).hasSize(1);
    assertThat(b.organizations().membershipsOf(member.id())).isEmpty();

    Membership m = membership(org.id(), member.id(), "viewer", now);
    a.organizations().addMember(m, orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));
    assertThat(b.organizations().findMembership(org.id(), member.id())).contains(m);
    assertThat(b.organizations().members(org.id())).hasSize(2);
    assertThat(b.organizations().membershipsOf(member.id())).containsExactly(m);

    assertThat(a.organizations().changeRole(m.withRole("admin"), "viewer",
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
        .isEqualTo(MembershipChange.DONE);
    assertThat(b.organizations().findMembership(org.id(), member.id()).orElseThrow().role()).isEqualTo("admin");
    assertThat(b.organizations().membershipsOf(member.id())).extracting(Membership::role).containsExactly("admin");

    assertThat(a.organizations().setStatus(org.id(), member.id(), MembershipStatus.SUSPENDED,
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now)))
        .isEqualTo(MembershipChange.DONE);
    assertThat(b.organizations().findMembership(org.id(), member.id()).orElseThrow().isActive()).isFalse();

    assertThat(a.organizations().removeMember(org.id(), member.id(),
        orgEvent(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now)))
        .isEqualTo(MembershipChange.DONE);
    assertThat(b.organizations().findMembership(org.id(), member.id())).isEmpty();
    assertThat(b.organizations().members(org.id())).hasSize(1);
  }

  @Test
  void createRole_onA_negativeLookupOnB_replaced() {
    StoredUser owner = createdUser();
    Organization org = organization(owner.id(), now);
    a.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    assertThat(b.organizations().findRole(org.id(), "billing")).isEmpty();
    assertThat(b.organizations().roles(org.id())).isEmpty();
    dev.janua.Role role = new dev.janua.Role(org.id(), "billing", java.util.Set.of("invoices:*"), now);
    a.organizations().createRole(role, orgEvent(AuditEventType.ROLE_CREATED, owner.id(), org.id(), now));
    assertThat(b.organizations().findRole(org.id(), "billing")).contains(role);
    assertThat(b.organizations().roles(org.id())).containsExactly(role);
  }

  @Test
  void replacePasswordHash_onA_newHashOnBothInstances() {
    StoredUser u = createdUser();
    assertThat(a.users().findById(u.id())).contains(u.withoutPasswordHash());
    assertThat(b.users().findByEmail(u.email())).contains(u.withoutPasswordHash());
    Instant later = now.plusSeconds(5);
    assertThat(a.users().replacePasswordHash(u.id(),
        new PasswordHashSwap(u.passwordHash(), "$2a$04$rehashed"), later)).isTrue();
    assertThat(a.users().findById(u.id()).orElseThrow().updatedAt()).isEqualTo(later);
    assertThat(b.users().findByEmail(u.email()).orElseThrow().updatedAt()).isEqualTo(later);
    assertThat(b.users().findCredentialsByEmail(u.email()).orElseThrow().passwordHash()).isEqualTo("$2a$04$rehashed");
  }

  @Test
  void sameInstance_readThenWrite_neverServesItsOwnStaleCopy() {
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(a.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    a.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
    assertThat(a.sessions().find(s.id()).orElseThrow().isLive(now)).isFalse();

    Session s2 = createdSession(u, null);
    assertThat(a.sessions().find(s2.id()).orElseThrow().isLive(now)).isTrue();
    a.users().setEnabled(u.id(), false, now, event(AuditEventType.USER_DISABLED, u.id(), now));
    assertThat(a.sessions().find(s2.id()).orElseThrow().isLive(now)).isFalse();
    assertThat(a.users().findById(u.id()).orElseThrow().enabled()).isFalse();
    a.users().setEnabled(u.id(), true, now, event(AuditEventType.USER_ENABLED, u.id(), now));
    assertThat(a.users().findById(u.id()).orElseThrow().enabled()).isTrue();
  }

  @Test
  void withoutBus_otherInstanceKeepsItsStaleL1Copy_control() {
    // Control: this is what the bus prevents. No bus, no L2: B's L1 still says live.
    CachingStore lonelyA = CachingStore.wrap(shared, TieredCache.builder().clock(clock).build());
    CachingStore lonelyB = CachingStore.wrap(shared, TieredCache.builder().clock(clock).build());
    StoredUser u = createdUser();
    Session s = createdSession(u, null);
    assertThat(lonelyB.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
    lonelyA.sessions().revoke(s.id(), now, event(AuditEventType.SIGNOUT, u.id(), now));
    assertThat(lonelyB.sessions().find(s.id()).orElseThrow().isLive(now)).isTrue();
  }
}
