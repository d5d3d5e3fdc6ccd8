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
import dev.janua.NotFoundException;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.MemberPosition;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of running an organization through {@link OrganizationStore}: updating and deleting
 * it, updating and deleting custom roles (members fall back in the same step, whatever races the
 * deletion), and paging through members in a stable order.
 */
public abstract class OrganizationAdminContract extends AbstractStoreContract {

  /** Lets subclasses exist. */
  protected OrganizationAdminContract() {}

  /** How many times each race runs (default 30). */
  protected int races() {
    return 30;
  }

  private Organization createdOrg(StoredUser owner) {
    Organization org = organization(owner.id(), now);
    store.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
    return org;
  }

  private Membership added(Organization org, String role) {
    Membership m = membership(org.id(), createdUser().id(), role, now);
    store.organizations().addMember(m, orgEvent(AuditEventType.MEMBER_ADDED, m.userId(), org.id(), now));
    return m;
  }

  private Role createdRole(Organization org, String name) {
    Role r = new Role(org.id(), name, Set.of("invoices:read"), now);
    store.organizations().createRole(r, orgEvent(AuditEventType.ROLE_CREATED, null, org.id(), now));
    return r;
  }

  private List<AuditEvent> events(Organization org) {
    return store.audit().query(AuditQuery.forOrganization(org.id(), 50));
  }

  @Test
  void updateOrganization_changesNameAndSlug_keepsOwnerAndCreation() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    String slug = "renamed-" + id();
    Organization wanted = new Organization(org.id(), "Renamed", slug, id(), now.plusSeconds(60));
    assertThat(store.organizations().updateOrganization(wanted,
        orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), org.id(), now))).isTrue();
    assertThat(store.organizations().find(org.id())).contains(
        new Organization(org.id(), "Renamed", slug, owner.id(), org.createdAt()));
    assertThat(events(org)).extracting(AuditEvent::type).contains(AuditEventType.ORGANIZATION_UPDATED);
    // The old slug is free again.
    Organization other = new Organization(id(), "Other", org.slug(), owner.id(), now);
    store.organizations().create(other, membership(other.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), other.id(), now));
    assertThat(store.organizations().updateOrganization(organization(owner.id(), now),
        orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), id(), now))).isFalse();
  }

  @Test
  void updateOrganization_slugTaken_conflictNamingSlugAndNothingWritten() {
    StoredUser owner = createdUser();
    Organization a = createdOrg(owner);
    Organization b = createdOrg(owner);
    Organization clash = new Organization(b.id(), "Clash", a.slug(), owner.id(), now);
    assertThatThrownBy(() -> store.organizations().updateOrganization(clash,
        orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), b.id(), now)))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));
    assertThat(store.organizations().find(b.id())).contains(b);
    assertThat(events(b)).extracting(AuditEvent::type).doesNotContain(AuditEventType.ORGANIZATION_UPDATED);
    // Keeping one's own slug is no conflict.
    assertThat(store.organizations().updateOrganization(new Organization(b.id(), "B2", b.slug(),
        owner.id(), now), orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), b.id(), now))).isTrue();
  }

  @Test
  void updateOrganization_twoRaceForOneSlug_exactlyOneWins() throws Exception {
    StoredUser owner = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < races(); round++) {
        Organization a = createdOrg(owner);
        Organization b = createdOrg(owner);
        String slug = "contested-" + id();
        OrganizationStore one = alternate(round).organizations();
        OrganizationStore other = alternate(round + 1).organizations();
        List<Callable<Boolean>> calls = List.of(
            () -> one.updateOrganization(new Organization(a.id(), "A", slug, owner.id(), now),
                orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), a.id(), now)),
            () -> other.updateOrganization(new Organization(b.id(), "B", slug, owner.id(), now),
                orgEvent(AuditEventType.ORGANIZATION_UPDATED, owner.id(), b.id(), now)));
        List<Race.Attempt<Boolean>> attempts = race.run(calls);
        assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
        assertThat(attempts).filteredOn(x -> !x.succeeded()).singleElement()
            .satisfies(x -> assertThat(x.error()).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.field()).isEqualTo("slug")));
        assertThat(List.of(store.organizations().find(a.id()).orElseThrow().slug(),
            store.organizations().find(b.id()).orElseThrow().slug())).containsOnlyOnce(slug);
      }
    }
  }

  @Test
  void deleteOrganization_removesMembersRolesAndActiveOrganization_keepsAudit() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    Membership member = added(org, "member");
    createdRole(org, "billing");
    Session s = createdSession(owner, null);
    RefreshTokenRecord t = new RefreshTokenRecord(Fixtures.tokenHash(), s.id(), owner.id(), now,
        now.plus(TTL));
    assertThat(store.sessions().switchOrganization(org.id(), t, now,
        orgEvent(AuditEventType.ORGANIZATION_SWITCHED, owner.id(), org.id(), now))).isTrue();

    List<Membership> removed = store.organizations().deleteOrganization(org.id(),
        orgEvent(AuditEventType.ORGANIZATION_DELETED, owner.id(), org.id(), now));

    assertThat(removed).extracting(Membership::userId).containsExactlyInAnyOrder(owner.id(), member.userId());
    assertThat(store.organizations().find(org.id())).isEmpty();
    assertThat(store.organizations().members(org.id())).isEmpty();
    assertThat(store.organizations().findMembership(org.id(), member.userId())).isEmpty();
    assertThat(store.organizations().membershipsOf(member.userId())).isEmpty();
    assertThat(store.organizations().roles(org.id())).isEmpty();
    assertThat(store.organizations().findRole(org.id(), "billing")).isEmpty();
    assertThat(store.sessions().activeOrganization(s.id())).isEmpty();
    assertThat(events(org)).extracting(AuditEvent::type).contains(AuditEventType.ORGANIZATION_CREATED,
        AuditEventType.ORGANIZATION_DELETED);
    // The slug is free again; an unknown organization deletes nothing.
    Organization again = new Organization(id(), "Again", org.slug(), owner.id(), now);
    store.organizations().create(again, membership(again.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), again.id(), now));
    assertThat(store.organizations().deleteOrganization(id(),
        orgEvent(AuditEventType.ORGANIZATION_DELETED, owner.id(), id(), now))).isEmpty();
  }

  @Test
  void deleteOrganization_racingAddMember_leavesNoMemberBehind() throws Exception {
    StoredUser owner = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < races(); round++) {
        Organization org = createdOrg(owner);
        StoredUser joiner = createdUser();
        OrganizationStore one = alternate(round).organizations();
        OrganizationStore other = alternate(round + 1).organizations();
        List<Callable<Object>> calls = List.of(
            () -> one.deleteOrganization(org.id(),
                orgEvent(AuditEventType.ORGANIZATION_DELETED, owner.id(), org.id(), now)),
            () -> {
              other.addMember(membership(org.id(), joiner.id(), "member", now),
                  orgEvent(AuditEventType.MEMBER_ADDED, joiner.id(), org.id(), now));
              return "added";
            });
        List<Race.Attempt<Object>> attempts = race.run(calls);
        assertThat(attempts.get(0).error()).isNull();
        if (!attempts.get(1).succeeded()) {
          assertThat(attempts.get(1).error()).isInstanceOf(NotFoundException.class);
        }
        assertThat(store.organizations().find(org.id())).isEmpty();
        assertThat(store.organizations().members(org.id())).isEmpty();
        assertThat(store.organizations().membershipsOf(joiner.id())).isEmpty();
      }
    }
  }

  @Test
  void updateRole_replacesPermissions_keepsCreation() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    Role role = createdRole(org, "billing");
    Role wanted = new Role(org.id(), "billing", Set.of("invoices:*", "reports:read"), now.plusSeconds(5));
    assertThat(store.organizations().updateRole(wanted,
        orgEvent(AuditEventType.ROLE_UPDATED, owner.id(), org.id(), now))).isTrue();
    assertThat(store.organizations().findRole(org.id(), "billing")).contains(
        new Role(org.id(), "billing", Set.of("invoices:*", "reports:read"), role.createdAt()));
    assertThat(store.organizations().roles(org.id())).extracting(Role::permissions)
        .containsExactly(Set.of("invoices:*", "reports:read"));
    assertThat(store.organizations().updateRole(new Role(org.id(), "nope", Set.of("a:b"), now),
        orgEvent(AuditEventType.ROLE_UPDATED, owner.id(), org.id(), now))).isFalse();
    assertThat(events(org)).extracting(AuditEvent::type).containsOnlyOnce(AuditEventType.ROLE_UPDATED);
  }

  @Test
  void deleteRole_movesItsMembersToTheFallback_othersUntouched() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    createdRole(org, "billing");
    createdRole(org, "support");
    Membership a = added(org, "billing");
    Membership b = added(org, "billing");
    Membership c = added(org, "support");
    Optional<List<Membership>> moved = store.organizations().deleteRole(org.id(), "billing",
        "viewer", orgEvent(AuditEventType.ROLE_DELETED, owner.id(), org.id(), now));
    assertThat(moved).hasValueSatisfying(list -> assertThat(list).containsExactlyInAnyOrder(
        a.withRole("viewer"), b.withRole("viewer")));
    assertThat(store.organizations().findMembership(org.id(), a.userId())).contains(a.withRole("viewer"));
    assertThat(store.organizations().findMembership(org.id(), c.userId())).contains(c);
    assertThat(store.organizations().findRole(org.id(), "billing")).isEmpty();
    assertThat(store.organizations().roles(org.id())).extracting(Role::name).containsExactly("support");
    assertThat(store.organizations().deleteRole(org.id(), "billing", "viewer",
        orgEvent(AuditEventType.ROLE_DELETED, owner.id(), org.id(), now))).isEmpty();
    assertThat(events(org)).extracting(AuditEvent::type).containsOnlyOnce(AuditEventType.ROLE_DELETED);
  }

  @Test
  void memberWithMissingCustomRole_refused() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    StoredUser u = createdUser();
    assertThatThrownBy(() -> store.organizations().addMember(membership(org.id(), u.id(), "ghost", now),
        orgEvent(AuditEventType.MEMBER_ADDED, u.id(), org.id(), now)))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.organizations().findMembership(org.id(), u.id())).isEmpty();
    Membership m = added(org, "member");
    assertThat(store.organizations().changeRole(m.withRole("ghost"), "member",
        orgEvent(AuditEventType.ROLE_CHANGED, m.userId(), org.id(), now)))
        .isEqualTo(MembershipChange.NO_SUCH_ROLE);
    assertThat(store.organizations().findMembership(org.id(), m.userId())).contains(m);
  }

  @Test
  void deleteRole_racingChangeRoleToIt_noMemberKeepsTheDeletedRole() throws Exception {
    StoredUser owner = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < races(); round++) {
        Organization org = createdOrg(owner);
        createdRole(org, "temp");
        Membership m = added(org, "member");
        OrganizationStore one = alternate(round).organizations();
        OrganizationStore other = alternate(round + 1).organizations();
        List<Callable<Object>> calls = List.of(
            () -> one.deleteRole(org.id(), "temp", "viewer",
                orgEvent(AuditEventType.ROLE_DELETED, owner.id(), org.id(), now)),
            () -> other.changeRole(m.withRole("temp"), "member",
                orgEvent(AuditEventType.ROLE_CHANGED, m.userId(), org.id(), now)));
        List<Race.Attempt<Object>> attempts = race.run(calls);
        String what = "round " + round;
        assertThat(attempts).as(what).allSatisfy(x -> assertThat(x.error()).isNull());
        Object change = attempts.get(1).value();
        String role = store.organizations().findMembership(org.id(), m.userId()).orElseThrow().role();
        if (change == MembershipChange.DONE) {
          assertThat(role).as(what + ": changed first, then moved").isEqualTo("viewer");
        } else {
          assertThat(change).as(what).isEqualTo(MembershipChange.NO_SUCH_ROLE);
          assertThat(role).as(what).isEqualTo("member");
        }
      }
    }
  }

  @Test
  void deleteRole_racingAddMemberWithIt_noMemberKeepsTheDeletedRole() throws Exception {
    StoredUser owner = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < races(); round++) {
        Organization org = createdOrg(owner);
        createdRole(org, "temp");
        StoredUser joiner = createdUser();
        OrganizationStore one = alternate(round).organizations();
        OrganizationStore other = alternate(round + 1).organizations();
        List<Callable<Object>> calls = List.of(
            () -> one.deleteRole(org.id(), "temp", "viewer",
                orgEvent(AuditEventType.ROLE_DELETED, owner.id(), org.id(), now)),
            () -> {
              other.addMember(membership(org.id(), joiner.id(), "temp", now),
                  orgEvent(AuditEventType.MEMBER_ADDED, joiner.id(), org.id(), now));
              return "added";
            });
        List<Race.Attempt<Object>> attempts = race.run(calls);
        String what = "round " + round;
        assertThat(attempts.get(0).error()).as(what).isNull();
        Optional<Membership> joined = store.organizations().findMembership(org.id(), joiner.id());
        if (attempts.get(1).succeeded()) {
          assertThat(joined).as(what + ": added first, then moved").map(Membership::role).contains("viewer");
        } else {
          assertThat(attempts.get(1).error()).as(what).isInstanceOf(NotFoundException.class);
          assertThat(joined).as(what).isEmpty();
        }
      }
    }
  }

  @Test
  void membersPage_walksTheMemberOrder_withoutRepeatsOrGaps() {
    StoredUser owner = createdUser();
    Organization org = createdOrg(owner);
    for (int i = 0; i < 6; i++) {
      added(org, "member"); // same joinedAt: the user id breaks the tie
    }
    now = now.plusSeconds(1);
    added(org, "viewer");
    List<Membership> all = store.organizations().members(org.id());
    assertThat(all).hasSize(8);
    List<Membership> walked = new ArrayList<>();
    MemberPosition after = null;
    for (int pages = 0; pages < 10; pages++) {
      List<Membership> page = store.organizations().membersPage(org.id(), after, 3);
      assertThat(page.size()).isLessThanOrEqualTo(3);
      walked.addAll(page);
      if (page.size() < 3) {
        break;
      }
      after = MemberPosition.of(page.get(page.size() - 1));
    }
    assertThat(walked).containsExactlyElementsOf(all);
    assertThat(store.organizations().membersPage(org.id(), null, 100)).containsExactlyElementsOf(all);
    assertThat(store.organizations().membersPage(org.id(), MemberPosition.of(all.get(7)), 5)).isEmpty();
    assertThat(store.organizations().membersPage(id(), null, 5)).isEmpty();
  }
}
