package dev.janua.testing;

import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
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
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.OwnerRule;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OrganizationStore}: organizations, members and roles, and the rule that
 * an organization never loses its last active owner, whether its two owners demote, remove or
 * suspend each other one after the other or at the same moment on two instances.
 */
public abstract class OrganizationStoreContract extends AbstractStoreContract {

  /** Lets subclasses exist. */
  protected OrganizationStoreContract() {}

  /**
   * How many times each concurrent owner case runs its race (default 50). Each race is two store
   * calls on a new organization, so even on a database the cases stay fast.
   */
  protected int ownerRaces() {
    return 50;
  }

  private Organization createdOrg(StoredUser owner) {
    Organization org = organization(owner.id(), now);
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    return org;
  }

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
    Organization org = createdOrg(owner);
    StoredUser other = createdUser();
    Organization twin = new Organization(id(), "Twin", org.slug(), other.id(), now);
    assertThatThrownBy(() -> store.organizations().create(twin, membership(twin.id(), other.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, other.id(), twin.id(), now)))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("slug"));
    assertThat(store.organizations().find(twin.id())).isEmpty();
    assertThat(store.organizations().membershipsOf(other.id())).isEmpty();
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

  @Test
  void lastOwner_cannotBeDemotedRemovedOrSuspended_andNothingIsWritten() {
    StoredUser owner = createdUser();
    StoredUser admin = createdUser();
    Organization org = createdOrg(owner);
    store.organizations().addMember(membership(org.id(), admin.id(), "admin", now),
        orgEvent(AuditEventType.MEMBER_ADDED, admin.id(), org.id(), now));
    Membership before = store.organizations().findMembership(org.id(), owner.id()).orElseThrow();
    for (OwnerChange change : OwnerChange.values()) {
      assertThat(change.apply(store.organizations(), org.id(), owner.id(), now)).as(change.name())
          .isEqualTo(MembershipChange.LAST_OWNER);
    }
    assertThat(store.organizations().findMembership(org.id(), owner.id())).contains(before);
    assertThat(store.audit().query(AuditQuery.forOrganization(org.id(), 10))).hasSize(2);
    // A suspended owner does not count; reactivating one is always allowed.
    StoredUser second = createdUser();
    store.organizations().addMember(membership(org.id(), second.id(), "owner", now),
        orgEvent(AuditEventType.MEMBER_ADDED, second.id(), org.id(), now));
    assertThat(OwnerChange.SUSPEND.apply(store.organizations(), org.id(), owner.id(), now))
        .isEqualTo(MembershipChange.DONE);
    assertThat(store.organizations().setStatus(org.id(), owner.id(), MembershipStatus.ACTIVE,
        orgEvent(AuditEventType.ROLE_CHANGED, owner.id(), org.id(), now))).isEqualTo(MembershipChange.DONE);
    assertThat(activeOwners(org)).hasSize(2);
  }

  @Test
  void twoOwners_demoteEachOtherConcurrently_oneOwnerRemains() throws Exception {
    raceOwners(round -> new OwnerChange[] {OwnerChange.DEMOTE, OwnerChange.DEMOTE});
  }

  @Test
  void twoOwners_leaveConcurrently_oneOwnerRemains() throws Exception {
    raceOwners(round -> new OwnerChange[] {OwnerChange.REMOVE, OwnerChange.REMOVE});
  }

  @Test
  void twoOwners_suspendEachOtherConcurrently_oneOwnerRemains() throws Exception {
    raceOwners(round -> new OwnerChange[] {OwnerChange.SUSPEND, OwnerChange.SUSPEND});
  }

  @Test
  void twoOwners_mixedConcurrentChanges_oneOwnerRemains() throws Exception {
    List<OwnerChange[]> pairs = new ArrayList<>();
    for (OwnerChange x : OwnerChange.values()) {
      for (OwnerChange y : OwnerChange.values()) {
        if (x != y) {
          pairs.add(new OwnerChange[] {x, y});
        }
      }
    }
    raceOwners(round -> pairs.get(round % pairs.size()));
  }

  /** The changes the two owners undergo in a round. */
  private interface Plan {
    OwnerChange[] changes(int round);
  }

  /**
   * Runs {@link #ownerRaces()} rounds: a new organization with two active owners, and one change
   * each that would take an owner away, at the same moment on the two stores. Exactly one change
   * is done, the other is refused as the last owner's, one active owner remains, and only the done
   * change recorded an event.
   */
  private void raceOwners(Plan plan) throws Exception {
    StoredUser a = createdUser();
    StoredUser b = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ownerRaces(); round++) {
        Organization org = createdOrg(a);
        store.organizations().addMember(membership(org.id(), b.id(), "owner", now),
            orgEvent(AuditEventType.MEMBER_ADDED, b.id(), org.id(), now));
        OwnerChange first = plan.changes(round)[0];
        OwnerChange second = plan.changes(round)[1];
        OrganizationStore one = alternate(round).organizations();
        OrganizationStore other = alternate(round + 1).organizations();
        List<Callable<MembershipChange>> calls = List.of(
            () -> first.apply(one, org.id(), a.id(), now),
            () -> second.apply(other, org.id(), b.id(), now));
        List<Race.Attempt<MembershipChange>> attempts = race.run(calls);
        String what = "round " + round + ": " + first + " vs " + second;
        assertThat(attempts).as(what).allSatisfy(x -> assertThat(x.error()).isNull());
        assertThat(attempts).as(what).extracting(Race.Attempt::value)
            .containsExactlyInAnyOrder(MembershipChange.DONE, MembershipChange.LAST_OWNER);
        assertThat(activeOwners(org)).as(what).hasSize(1);
        assertThat(store.audit().query(AuditQuery.forOrganization(org.id(), 10))).as(what).hasSize(3);
      }
    }
  }

  private List<Membership> activeOwners(Organization org) {
    return store.organizations().members(org.id()).stream().filter(OwnerRule::isActiveOwner).toList();
  }

  /** The three ways an owner stops being an active owner. */
  private enum OwnerChange {
    DEMOTE {
      @Override
      MembershipChange apply(OrganizationStore orgs, String orgId, String userId, Instant now) {
        return orgs.changeRole(membership(orgId, userId, "admin", now), "owner",
            orgEvent(AuditEventType.ROLE_CHANGED, userId, orgId, now));
      }
    },
    REMOVE {
      @Override
      MembershipChange apply(OrganizationStore orgs, String orgId, String userId, Instant now) {
        return orgs.removeMember(orgId, userId, orgEvent(AuditEventType.MEMBER_REMOVED, userId, orgId, now));
      }
    },
    SUSPEND {
      @Override
      MembershipChange apply(OrganizationStore orgs, String orgId, String userId, Instant now) {
        return orgs.setStatus(orgId, userId, MembershipStatus.SUSPENDED,
            orgEvent(AuditEventType.ROLE_CHANGED, userId, orgId, now));
      }
    };

    abstract MembershipChange apply(OrganizationStore orgs, String orgId, String userId,
        Instant now);
  }
}
