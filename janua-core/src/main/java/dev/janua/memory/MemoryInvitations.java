package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Invitation;
import dev.janua.Membership;
import dev.janua.spi.InvitationAcceptance;
import dev.janua.spi.InvitationStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The invitations aggregate of an {@link InMemoryStore}: rows by token hash, written under the
 * store's one lock (accepting also writes the membership, so it shares the organizations' data).
 */
final class MemoryInvitations implements InvitationStore {
  private final MemoryState s;
  private final Map<String, Row> byHash = new ConcurrentHashMap<>();

  MemoryInvitations(MemoryState state) {
    this.s = state;
  }

  /** An invitation and what became of it; {@code closed} once accepted, revoked or superseded. */
  private record Row(Invitation invitation, String tokenHash, boolean closed) {
    boolean pendingAt(Instant now) {
      return !closed && !invitation.isExpiredAt(now);
    }
  }

  @Override
  public void create(Invitation invitation, String tokenHash, AuditEvent event) {
    s.locked(() -> {
      if (byHash.containsKey(tokenHash)
          || byHash.values().stream().anyMatch(r -> r.invitation.id().equals(invitation.id()))) {
        throw new ConflictException("id", "An invitation with this id or token already exists");
      }
      byHash.replaceAll((hash, r) -> !r.closed
          && r.invitation.organizationId().equals(invitation.organizationId())
          && r.invitation.email().equals(invitation.email()) ? new Row(r.invitation, hash, true) : r);
      byHash.put(tokenHash, new Row(invitation, tokenHash, false));
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Invitation> findPending(String tokenHash, Instant now) {
    Row r = byHash.get(tokenHash);
    return r != null && r.pendingAt(now) ? Optional.of(r.invitation) : Optional.empty();
  }

  @Override
  public Optional<Invitation> findPending(String organizationId, String invitationId,
      Instant now) {
    Row r = byId(organizationId, invitationId);
    return r != null && r.pendingAt(now) ? Optional.of(r.invitation) : Optional.empty();
  }

  private @Nullable Row byId(String organizationId, String invitationId) {
    return byHash.values().stream()
        .filter(r -> r.invitation.id().equals(invitationId)
            && r.invitation.organizationId().equals(organizationId))
        .findFirst().orElse(null);
  }

  @Override
  public List<Invitation> pending(String organizationId, Instant now) {
    return byHash.values().stream()
        .filter(r -> r.invitation.organizationId().equals(organizationId) && r.pendingAt(now))
        .map(Row::invitation)
        .sorted(Comparator.comparing(Invitation::createdAt).thenComparing(Invitation::id))
        .toList();
  }

  @Override
  public boolean revoke(String organizationId, String invitationId, Instant now,
      AuditEvent event) {
    return s.locked(() -> {
      Row r = byId(organizationId, invitationId);
      if (r == null || !r.pendingAt(now)) {
        return false;
      }
      byHash.put(r.tokenHash, new Row(r.invitation, r.tokenHash, true));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public InvitationAcceptance accept(String tokenHash, String email, Membership membership,
      Instant now, AuditEvent event) {
    return s.locked(() -> {
      Row r = byHash.get(tokenHash);
      if (r == null || !r.pendingAt(now) || !r.invitation.email().equals(email)
          || !r.invitation.organizationId().equals(membership.organizationId())
          || !r.invitation.role().equals(membership.role())
          || !s.organizations.containsKey(membership.organizationId())) { // deleted meanwhile
        return InvitationAcceptance.INVALID;
      }
      Map<String, Membership> members = s.memberships.computeIfAbsent(
          membership.organizationId(), k -> new ConcurrentHashMap<>());
      if (members.containsKey(membership.userId())) {
        return InvitationAcceptance.ALREADY_MEMBER;
      }
      byHash.put(tokenHash, new Row(r.invitation, tokenHash, true));
      members.put(membership.userId(), membership);
      s.audit.add(event);
      return InvitationAcceptance.ACCEPTED;
    });
  }

  /** Deletes up to {@code limit} invitations that expired before {@code cutoff}; under the lock. */
  int purgeExpired(Instant cutoff, int limit) {
    int n = 0;
    for (var it = byHash.values().iterator(); it.hasNext() && n < limit; ) {
      if (it.next().invitation.expiresAt().isBefore(cutoff)) {
        it.remove();
        n++;
      }
    }
    return n;
  }
}
