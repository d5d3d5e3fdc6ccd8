package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.PurgeCounts;
import dev.janua.Session;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.RetentionCutoffs;
import dev.janua.spi.RetentionStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Retention for an {@link InMemoryStore}: the same purge as on a database, over the maps. Each
 * batch takes the store's lock once, so a large purge never holds up other writes for long.
 */
final class MemoryRetention implements RetentionStore {
  private final MemoryState s;
  private final MemoryInvitations invitations;

  MemoryRetention(MemoryState state, MemoryInvitations invitations) {
    this.s = state;
    this.invitations = invitations;
  }

  @Override
  public PurgeCounts purge(RetentionCutoffs cutoffs, int batchSize) {
    Objects.requireNonNull(cutoffs, "cutoffs");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    Instant ended = cutoffs.endedBefore();
    long refreshTokens = batches(batchSize, () -> removeFrom(s.refreshTokens,
        row -> row.token().expiresAt().isBefore(ended), batchSize));
    long[] cascaded = {0};
    long sessions = batches(batchSize, () -> {
      Set<String> doomed = new HashSet<>();
      for (Iterator<Session> it = s.sessions.values().iterator();
          it.hasNext() && doomed.size() < batchSize; ) {
        Session x = it.next();
        if (endedBefore(x, ended)) {
          doomed.add(x.id());
        }
      }
      doomed.forEach(id -> {
        s.sessions.remove(id);
        s.activeOrganizations.remove(id);
      });
      if (!doomed.isEmpty()) {
        cascaded[0] += removeFrom(s.refreshTokens,
            row -> doomed.contains(row.token().sessionId()), Integer.MAX_VALUE);
      }
      return doomed.size();
    });
    long accountTokens = batches(batchSize, () -> removeFrom(s.accountTokens,
        t -> t.expiresAt().isBefore(ended), batchSize));
    long invitationCount = batches(batchSize, () -> invitations.purgeExpired(ended, batchSize));
    long apiTokens = batches(batchSize, () -> {
      int n = 0;
      for (Iterator<ApiTokenRecord> it = s.apiTokens.values().iterator();
          it.hasNext() && n < batchSize; ) {
        ApiTokenRecord t = it.next();
        if (t.expiresAt().isBefore(ended)
            || (t.revokedAt() != null && t.revokedAt().isBefore(ended))) {
          it.remove();
          s.apiTokenIdByHash.remove(t.tokenHash(), t.id());
          n++;
        }
      }
      return n;
    });
    Instant auditBefore = cutoffs.auditBefore();
    long audit = auditBefore == null ? 0 : batches(batchSize, () -> {
      int[] n = {0};
      s.audit.removeIf(e -> n[0] < batchSize && old(e, auditBefore) && ++n[0] > 0);
      return n[0];
    });
    return new PurgeCounts(refreshTokens + cascaded[0], sessions, accountTokens, invitationCount,
        apiTokens, audit);
  }

  private static boolean endedBefore(Session x, Instant cutoff) {
    return x.expiresAt().isBefore(cutoff)
        || (x.revokedAt() != null && x.revokedAt().isBefore(cutoff));
  }

  private static boolean old(AuditEvent e, Instant cutoff) {
    return e.createdAt().isBefore(cutoff);
  }

  /** Runs {@code batch} under the lock, turn by turn, until one deletes fewer than a full batch. */
  private long batches(int batchSize, IntSupplier batch) {
    long total = 0;
    int n;
    do {
      n = s.locked(batch::getAsInt);
      total += n;
    } while (n >= batchSize);
    return total;
  }

  /** Removes up to {@code limit} values matching {@code doomed}; call under the lock. */
  private static <V> int removeFrom(Map<String, V> map, Predicate<V> doomed, int limit) {
    int n = 0;
    for (Iterator<V> it = map.values().iterator(); it.hasNext() && n < limit; ) {
      if (doomed.test(it.next())) {
        it.remove();
        n++;
      }
    }
    return n;
  }
}
