package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.InvitationAcceptance;
import dev.janua.spi.InvitationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The invitations aggregate of a {@link CachingStore}: nothing of it is cached (invitations are
 * read once per accept, and a pending list must reflect revocations at once), so every read goes to
 * the delegate. Accepting writes a membership, so it drops the member's cached entries (the
 * membership, the organization's member list, the user's membership list) whatever its outcome,
 * as the guarded membership changes do.
 */
final class CachingInvitations implements InvitationStore {
  private final InvitationStore delegate;
  private final TieredCache cache;

  CachingInvitations(InvitationStore delegate, TieredCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  @Override
  public void create(Invitation invitation, String tokenHash, AuditEvent event) {
    delegate.create(invitation, tokenHash, event);
  }

  @Override
  public Optional<Invitation> findPending(String tokenHash, Instant now) {
    return delegate.findPending(tokenHash, now);
  }

  @Override
  public Optional<Invitation> findPending(String organizationId, String invitationId,
      Instant now) {
    return delegate.findPending(organizationId, invitationId, now);
  }

  @Override
  public List<Invitation> pending(String organizationId, Instant now) {
    return delegate.pending(organizationId, now);
  }

  @Override
  public boolean revoke(String organizationId, String invitationId, Instant now,
      AuditEvent event) {
    return delegate.revoke(organizationId, invitationId, now, event);
  }

  @Override
  public InvitationAcceptance accept(String tokenHash, String email, Membership membership,
      Instant now, AuditEvent event) {
    try {
      return delegate.accept(tokenHash, email, membership, now, event);
    } finally {
      cache.invalidateAll(List.of(
          CacheKeys.membership(membership.organizationId(), membership.userId()),
          CacheKeys.members(membership.organizationId()),
          CacheKeys.membershipsOf(membership.userId())), List.of());
    }
  }
}
