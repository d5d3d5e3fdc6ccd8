package dev.janua.testing;

import static dev.janua.testing.Fixtures.id;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.spi.InvitationAcceptance;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.StoredUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link InvitationStore}: invitations found by their token hash while pending,
 * superseded by a newer invitation of the same organization and address, revoked, expired, and
 * accepted with the membership in one step, so that of racing accepts of one token exactly one
 * wins, also on two instances.
 */
public abstract class InvitationStoreContract extends AbstractStoreContract {
  private static final Duration LIFETIME = Duration.ofHours(72);

  private StoredUser owner;
  private Organization org;

  /** Lets subclasses exist. */
  protected InvitationStoreContract() {}

  /**
   * How many times each concurrent case runs its race (default 30). Each race is two store calls
   * on a new invitation.
   */
  protected int invitationRaces() {
    return 30;
  }

  @BeforeEach
  void createOrganization() {
    owner = createdUser();
    org = createdOrg();
  }

  private Organization createdOrg() {
    Organization o = organization(owner.id(), now);
    store.organizations().create(o, membership(o.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), o.id(), now));
    return o;
  }

  private Invitation invitation(Organization o, String email, String role) {
    return new Invitation(id(), o.id(), email, role, owner.id(), now, now.plus(LIFETIME));
  }

  /** An invitation written with a new token hash, returned in {@code hash[0]}. */
  private Invitation created(Organization o, String email, String role, String[] hash) {
    Invitation inv = invitation(o, email, role);
    hash[0] = tokenHash();
    store.invitations().create(inv, hash[0], event(AuditEventType.INVITATION_SENT, owner.id(), o));
    return inv;
  }

  private static AuditEvent event(AuditEventType type, String userId, Organization o) {
    return orgEvent(type, userId, o.id(), o.createdAt());
  }

  private List<AuditEventType> events(Organization o) {
    return store.audit().query(AuditQuery.forOrganization(o.id(), 50)).stream()
        .map(AuditEvent::type).toList();
  }

  @Test
  void create_pendingByHashAndById_listedOldestFirst_withEvent() {
    String[] h1 = new String[1];
    String[] h2 = new String[1];
    Invitation first = created(org, Fixtures.uniqueEmail(), "member", h1);
    now = now.plusSeconds(1);
    Invitation second = created(org, Fixtures.uniqueEmail(), "admin", h2);
    assertThat(store.invitations().findPending(h1[0], now)).contains(first);
    assertThat(store.invitations().findPending(org.id(), second.id(), now)).contains(second);
    assertThat(store.invitations().pending(org.id(), now)).containsExactly(first, second);
    assertThat(store.invitations().findPending(tokenHash(), now)).isEmpty();
    assertThat(store.invitations().findPending(org.id(), id(), now)).isEmpty();
    Organization other = createdOrg();
    assertThat(store.invitations().findPending(other.id(), first.id(), now)).isEmpty();
    assertThat(store.invitations().pending(other.id(), now)).isEmpty();
    assertThat(events(org)).filteredOn(t -> t == AuditEventType.INVITATION_SENT).hasSize(2);
  }

  @Test
  void create_sameOrganizationAndEmail_supersedesTheEarlier_only() {
    String email = Fixtures.uniqueEmail();
    String[] old = new String[1];
    String[] fresh = new String[1];
    String[] otherEmail = new String[1];
    String[] otherOrg = new String[1];
    created(org, email, "member", old);
    Invitation elsewhere = created(org, Fixtures.uniqueEmail(), "member", otherEmail);
    Organization second = createdOrg();
    Invitation inSecond = created(second, email, "member", otherOrg);
    Invitation newer = created(org, email, "viewer", fresh);
    assertThat(store.invitations().findPending(old[0], now)).isEmpty();
    assertThat(store.invitations().findPending(fresh[0], now)).contains(newer);
    assertThat(store.invitations().pending(org.id(), now)).containsExactlyInAnyOrder(elsewhere, newer);
    assertThat(store.invitations().pending(second.id(), now)).containsExactly(inSecond);
  }

  @Test
  void expired_notPending_notAcceptable() {
    String[] h = new String[1];
    Invitation inv = created(org, Fixtures.uniqueEmail(), "member", h);
    assertThat(store.invitations().findPending(h[0], inv.expiresAt().minusNanos(1000))).contains(inv);
    assertThat(store.invitations().findPending(h[0], inv.expiresAt())).isEmpty();
    assertThat(store.invitations().pending(org.id(), inv.expiresAt())).isEmpty();
    StoredUser u = createdUser();
    assertThat(store.invitations().accept(h[0], inv.email(),
        membership(org.id(), u.id(), "member", inv.expiresAt()), inv.expiresAt(),
        event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)))
        .isEqualTo(InvitationAcceptance.INVALID);
    assertThat(store.organizations().findMembership(org.id(), u.id())).isEmpty();
    assertThat(store.invitations().revoke(org.id(), inv.id(), inv.expiresAt(),
        event(AuditEventType.INVITATION_REVOKED, owner.id(), org))).isFalse();
  }

  @Test
  void revoke_pendingOnce_inItsOrganizationOnly_withEvent() {
    String[] h = new String[1];
    Invitation inv = created(org, Fixtures.uniqueEmail(), "member", h);
    Organization other = createdOrg();
    assertThat(store.invitations().revoke(other.id(), inv.id(), now,
        event(AuditEventType.INVITATION_REVOKED, owner.id(), other))).isFalse();
    assertThat(store.invitations().revoke(org.id(), inv.id(), now,
        event(AuditEventType.INVITATION_REVOKED, owner.id(), org))).isTrue();
    assertThat(store.invitations().findPending(h[0], now)).isEmpty();
    assertThat(store.invitations().pending(org.id(), now)).isEmpty();
    assertThat(store.invitations().revoke(org.id(), inv.id(), now,
        event(AuditEventType.INVITATION_REVOKED, owner.id(), org))).isFalse();
    assertThat(events(org)).filteredOn(t -> t == AuditEventType.INVITATION_REVOKED).hasSize(1);
    assertThat(events(other)).doesNotContain(AuditEventType.INVITATION_REVOKED);
  }

  @Test
  void accept_consumesAndAddsMembership_withEvent_once() {
    String[] h = new String[1];
    Invitation inv = created(org, Fixtures.uniqueEmail(), "admin", h);
    StoredUser u = createdUser();
    Membership m = membership(org.id(), u.id(), "admin", now);
    assertThat(store.invitations().accept(h[0], inv.email(), m, now,
        event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)))
        .isEqualTo(InvitationAcceptance.ACCEPTED);
    assertThat(store.organizations().findMembership(org.id(), u.id())).contains(m);
    assertThat(store.organizations().membershipsOf(u.id())).containsExactly(m);
    assertThat(store.invitations().findPending(h[0], now)).isEmpty();
    assertThat(store.invitations().pending(org.id(), now)).isEmpty();
    assertThat(events(org)).filteredOn(t -> t == AuditEventType.INVITATION_ACCEPTED).hasSize(1);
    StoredUser again = createdUser();
    assertThat(store.invitations().accept(h[0], inv.email(),
        membership(org.id(), again.id(), "admin", now), now,
        event(AuditEventType.INVITATION_ACCEPTED, again.id(), org)))
        .isEqualTo(InvitationAcceptance.INVALID);
    assertThat(store.organizations().findMembership(org.id(), again.id())).isEmpty();
    assertThat(store.invitations().revoke(org.id(), inv.id(), now,
        event(AuditEventType.INVITATION_REVOKED, owner.id(), org))).isFalse();
  }

  @Test
  void accept_otherEmailRoleOrOrganization_orUnknownToken_invalid_nothingWritten() {
    String[] h = new String[1];
    Invitation inv = created(org, Fixtures.uniqueEmail(), "member", h);
    StoredUser u = createdUser();
    Organization other = createdOrg();
    List<InvitationAcceptance> outcomes = List.of(
        store.invitations().accept(h[0], Fixtures.uniqueEmail(),
            membership(org.id(), u.id(), "member", now), now,
            event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)),
        store.invitations().accept(h[0], inv.email(), membership(org.id(), u.id(), "owner", now),
            now, event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)),
        store.invitations().accept(h[0], inv.email(),
            membership(other.id(), u.id(), "member", now), now,
            event(AuditEventType.INVITATION_ACCEPTED, u.id(), other)),
        store.invitations().accept(tokenHash(), inv.email(),
            membership(org.id(), u.id(), "member", now), now,
            event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)));
    assertThat(outcomes).containsOnly(InvitationAcceptance.INVALID);
    assertThat(store.organizations().membershipsOf(u.id())).isEmpty();
    assertThat(store.invitations().findPending(h[0], now)).contains(inv);
    assertThat(events(org)).doesNotContain(AuditEventType.INVITATION_ACCEPTED);
  }

  @Test
  void accept_alreadyMember_nothingWritten_invitationStaysPending() {
    String[] h = new String[1];
    Invitation inv = created(org, Fixtures.uniqueEmail(), "admin", h);
    StoredUser u = createdUser();
    Membership existing = membership(org.id(), u.id(), "viewer", now);
    store.organizations().addMember(existing, event(AuditEventType.MEMBER_ADDED, u.id(), org));
    assertThat(store.invitations().accept(h[0], inv.email(),
        membership(org.id(), u.id(), "admin", now), now,
        event(AuditEventType.INVITATION_ACCEPTED, u.id(), org)))
        .isEqualTo(InvitationAcceptance.ALREADY_MEMBER);
    assertThat(store.organizations().findMembership(org.id(), u.id())).contains(existing);
    assertThat(store.invitations().findPending(h[0], now)).contains(inv);
    assertThat(events(org)).doesNotContain(AuditEventType.INVITATION_ACCEPTED);
  }

  @Test
  void accept_raced_exactlyOneWins_oneMembershipOneEvent() throws Exception {
    StoredUser u = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < invitationRaces(); round++) {
        Organization o = createdOrg();
        String[] h = new String[1];
        Invitation inv = created(o, u.email(), "member", h);
        InvitationStore one = alternate(round).invitations();
        InvitationStore other = alternate(round + 1).invitations();
        List<Callable<InvitationAcceptance>> calls = List.of(
            () -> one.accept(h[0], inv.email(), membership(o.id(), u.id(), "member", now), now,
                event(AuditEventType.INVITATION_ACCEPTED, u.id(), o)),
            () -> other.accept(h[0], inv.email(), membership(o.id(), u.id(), "member", now), now,
                event(AuditEventType.INVITATION_ACCEPTED, u.id(), o)));
        List<Race.Attempt<InvitationAcceptance>> attempts = race.run(calls);
        String what = "round " + round;
        assertThat(attempts).as(what).allSatisfy(a -> assertThat(a.error()).isNull());
        List<InvitationAcceptance> outcomes = new ArrayList<>();
        attempts.forEach(a -> outcomes.add(a.value()));
        assertThat(outcomes).as(what).containsOnlyOnce(InvitationAcceptance.ACCEPTED)
            .hasSize(2);
        assertThat(store.organizations().members(o.id())).as(what).hasSize(2);
        assertThat(events(o)).as(what)
            .filteredOn(t -> t == AuditEventType.INVITATION_ACCEPTED).hasSize(1);
      }
    }
  }

  @Test
  void acceptAndRevoke_raced_exactlyOneWins() throws Exception {
    StoredUser u = createdUser();
    try (Race race = new Race(2)) {
      for (int round = 0; round < invitationRaces(); round++) {
        Organization o = createdOrg();
        String[] h = new String[1];
        Invitation inv = created(o, u.email(), "member", h);
        InvitationStore one = alternate(round).invitations();
        InvitationStore other = alternate(round + 1).invitations();
        List<Callable<Boolean>> calls = List.of(
            () -> one.accept(h[0], inv.email(), membership(o.id(), u.id(), "member", now), now,
                event(AuditEventType.INVITATION_ACCEPTED, u.id(), o))
                == InvitationAcceptance.ACCEPTED,
            () -> other.revoke(o.id(), inv.id(), now,
                event(AuditEventType.INVITATION_REVOKED, owner.id(), o)));
        List<Race.Attempt<Boolean>> attempts = race.run(calls);
        String what = "round " + round;
        assertThat(attempts).as(what).allSatisfy(a -> assertThat(a.error()).isNull());
        boolean accepted = attempts.get(0).value();
        boolean revoked = attempts.get(1).value();
        assertThat(accepted ^ revoked).as(what + ": accepted " + accepted + ", revoked " + revoked)
            .isTrue();
        assertThat(store.organizations().findMembership(o.id(), u.id()).isPresent()).as(what)
            .isEqualTo(accepted);
      }
    }
  }

  @Test
  void create_raced_sameOrganizationAndEmail_exactlyOnePendingLeft() throws Exception {
    try (Race race = new Race(2)) {
      for (int round = 0; round < invitationRaces(); round++) {
        String email = Fixtures.uniqueEmail();
        String[] h = new String[1];
        created(org, email, "member", h);
        Invitation a = invitation(org, email, "member");
        Invitation b = invitation(org, email, "viewer");
        InvitationStore one = alternate(round).invitations();
        InvitationStore other = alternate(round + 1).invitations();
        List<Callable<Void>> calls = List.of(
            () -> {
              one.create(a, tokenHash(), event(AuditEventType.INVITATION_SENT, owner.id(), org));
              return null;
            },
            () -> {
              other.create(b, tokenHash(), event(AuditEventType.INVITATION_SENT, owner.id(), org));
              return null;
            });
        List<Race.Attempt<Void>> attempts = race.run(calls);
        String what = "round " + round;
        assertThat(attempts).as(what).allSatisfy(x -> assertThat(x.error()).isNull());
        assertThat(store.invitations().pending(org.id(), now))
            .as(what).filteredOn(i -> i.email().equals(email)).hasSize(1)
            .first().isIn(a, b);
        assertThat(store.invitations().findPending(h[0], now)).as(what).isEmpty();
      }
    }
  }
}
