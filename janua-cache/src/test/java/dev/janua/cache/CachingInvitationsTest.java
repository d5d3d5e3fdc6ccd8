package dev.janua.cache;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.membership;
import static dev.janua.testing.Fixtures.orgEvent;
import static dev.janua.testing.Fixtures.organization;
import static dev.janua.testing.Fixtures.tokenHash;
import static dev.janua.testing.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEventType;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.InvitationAcceptance;
import dev.janua.spi.StoredUser;
import dev.janua.testing.Fixtures;
import dev.janua.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invitations through the cache: not cached (a revocation shows at once), and accepting one drops
 * the cached "not a member" answers of the new member, so the membership is seen at once.
 */
class CachingInvitationsTest {
  private final MutableClock clock = MutableClock.startingAt2026();
  private final Instant now = clock.instant();
  private InMemoryStore shared;
  private CachingStore cached;
  private StoredUser owner;
  private StoredUser invited;
  private Organization org;

  @BeforeEach
  void setUp() {
    shared = new InMemoryStore();
    cached = CachingStore.wrap(shared, TieredCache.builder().clock(clock).build());
    owner = user(now);
    invited = user(now);
    shared.users().create(owner, event(AuditEventType.SIGNUP, owner.id(), now));
    shared.users().create(invited, event(AuditEventType.SIGNUP, invited.id(), now));
    org = organization(owner.id(), now);
    shared.organizations().create(org, membership(org.id(), owner.id(), "owner", now),
        orgEvent(AuditEventType.ORGANIZATION_CREATED, owner.id(), org.id(), now));
  }

  private Invitation invite(String hash) {
    Invitation inv = new Invitation(Fixtures.id(), org.id(), invited.email(), "member", owner.id(),
        now, now.plus(Duration.ofHours(1)));
    cached.invitations().create(inv, hash,
        orgEvent(AuditEventType.INVITATION_SENT, owner.id(), org.id(), now));
    return inv;
  }

  @Test
  void accept_dropsCachedAbsentMembership_memberSeenAtOnce() {
    String hash = tokenHash();
    Invitation inv = invite(hash);
    // Cache the absent answers the permission check and the lists read.
    assertThat(cached.organizations().findMembership(org.id(), invited.id())).isEmpty();
    assertThat(cached.organizations().members(org.id())).hasSize(1);
    assertThat(cached.organizations().membershipsOf(invited.id())).isEmpty();

    Membership m = membership(org.id(), invited.id(), "member", now);
    assertThat(cached.invitations().accept(hash, inv.email(), m, now,
        orgEvent(AuditEventType.INVITATION_ACCEPTED, invited.id(), org.id(), now)))
        .isEqualTo(InvitationAcceptance.ACCEPTED);
    assertThat(cached.organizations().findMembership(org.id(), invited.id())).contains(m);
    assertThat(cached.organizations().members(org.id())).hasSize(2);
    assertThat(cached.organizations().membershipsOf(invited.id())).containsExactly(m);
  }

  @Test
  void invitationsNotCached_revocationBehindTheCacheSeenAtOnce() {
    String hash = tokenHash();
    Invitation inv = invite(hash);
    assertThat(cached.invitations().findPending(hash, now)).contains(inv);
    assertThat(cached.invitations().pending(org.id(), now)).containsExactly(inv);
    assertThat(shared.invitations().revoke(org.id(), inv.id(), now,
        orgEvent(AuditEventType.INVITATION_REVOKED, owner.id(), org.id(), now))).isTrue();
    assertThat(cached.invitations().findPending(hash, now)).isEmpty();
    assertThat(cached.invitations().pending(org.id(), now)).isEmpty();
  }
}
