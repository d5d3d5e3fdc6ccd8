package dev.janua.cache;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.StoredUser;
import dev.janua.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarded membership changes through the cache when they write nothing: the store changed behind
 * this instance's back (another instance whose bus message has not arrived), so its cached copy is
 * out of date; a change decided on that copy fails, and the next read must see the store's copy.
 */
class CachingOrganizationsTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final Instant now = clock.instant();
  private InMemoryStore shared;
  private CachingStore cached;
  private StoredUser owner;
  private StoredUser member;
  private Organization org;

  @BeforeEach
  void setUp() {
    shared = new InMemoryStore();
    cached = CachingStore.wrap(shared, TieredCache.builder().clock(clock).build());
    owner = user(now);
    member = user(now);
    shared.users().create(owner, event(AuditEventType.SIGNUP, owner.id(), now));
    shared.users().create(member, event(AuditEventType.SIGNUP, member.id(), now));
    org = organization(owner.id(), now);
    shared.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    shared.organizations().addMember(membership(org.id(), member.id(), "viewer", now),
        orgEvent(AuditEventType.MEMBER_ADDED, member.id(), org.id(), now));
    // this instance caches the member as a viewer, and the lists that hold it
    assertThat(cached.organizations().findMembership(org.id(), member.id()).orElseThrow().role())
        .isEqualTo("viewer");
    assertThat(cached.organizations().members(org.id())).hasSize(2);
    assertThat(cached.organizations().membershipsOf(member.id())).hasSize(1);
  }

  private Membership memberNow() {
    return shared.organizations().findMembership(org.id(), member.id()).orElseThrow();
  }

  @Test
  void changeRole_stale_dropsTheMembersCachedEntries() {
    shared.organizations().changeRole(memberNow().withRole("admin"), "viewer",
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now));

    MembershipChange outcome = cached.organizations().changeRole(
        memberNow().withRole("member"), "viewer",
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now));

    assertThat(outcome).isEqualTo(MembershipChange.STALE);
    assertThat(cached.organizations().findMembership(org.id(), member.id()).orElseThrow().role())
        .isEqualTo("admin");
    assertThat(cached.organizations().members(org.id())).extracting(Membership::role)
        .contains("admin");
    assertThat(cached.organizations().membershipsOf(member.id())).extracting(Membership::role)
        .containsExactly("admin");
  }

  @Test
  void removeMember_lastOwner_dropsTheMembersCachedEntries() {
    // behind the cache's back the member becomes the only owner
    shared.organizations().changeRole(memberNow().withRole("owner"), "viewer",
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now));
    assertThat(shared.organizations().removeMember(org.id(), owner.id(),
        orgEvent(AuditEventType.MEMBER_REMOVED, owner.id(), org.id(), now)))
        .isEqualTo(MembershipChange.DONE);

    MembershipChange outcome = cached.organizations().removeMember(org.id(), member.id(),
        orgEvent(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now));

    assertThat(outcome).isEqualTo(MembershipChange.LAST_OWNER);
    assertThat(cached.organizations().findMembership(org.id(), member.id()).orElseThrow().role())
        .isEqualTo("owner");
    assertThat(cached.organizations().membershipsOf(member.id())).extracting(Membership::role)
        .containsExactly("owner");
  }

  @Test
  void setStatus_notFound_dropsTheMembersCachedEntries() {
    shared.organizations().removeMember(org.id(), member.id(),
        orgEvent(AuditEventType.MEMBER_REMOVED, member.id(), org.id(), now));

    MembershipChange outcome = cached.organizations().setStatus(org.id(), member.id(),
        MembershipStatus.SUSPENDED,
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now));

    assertThat(outcome).isEqualTo(MembershipChange.NOT_FOUND);
    assertThat(cached.organizations().findMembership(org.id(), member.id())).isEmpty();
    assertThat(cached.organizations().members(org.id())).hasSize(1);
    assertThat(cached.organizations().membershipsOf(member.id())).isEmpty();
  }

  @Test
  void setStatus_done_seenOnTheNextRead() {
    MembershipChange outcome = cached.organizations().setStatus(org.id(), member.id(),
        MembershipStatus.SUSPENDED,
        orgEvent(AuditEventType.ROLE_CHANGED, member.id(), org.id(), now));

    assertThat(outcome).isEqualTo(MembershipChange.DONE);
    assertThat(cached.organizations().findMembership(org.id(), member.id()).orElseThrow()
        .isActive()).isFalse();
    assertThat(cached.organizations().membershipsOf(member.id()).get(0).isActive()).isFalse();
  }
}
