package dev.janua.jdbc.internal;

import dev.janua.PurgeCounts;
import dev.janua.spi.RetentionCutoffs;
import dev.janua.spi.RetentionStore;
import java.time.Instant;
import java.util.Objects;

/**
 * Retention on PostgreSQL. Every kind is deleted in batches: one statement picks at most {@code
 * batchSize} rows past the cutoff with {@code FOR UPDATE SKIP LOCKED} and deletes them, in its own
 * auto-committed transaction, so no statement holds its row locks longer than one batch takes,
 * and purgers on several instances at once take disjoint rows (each row is deleted, and counted,
 * by exactly one). A kind is done when a batch comes back short: the rest is either gone or being
 * deleted by another purger at that moment. The indexes of migration V7 find each kind's rows by
 * their cutoff column without scanning the live ones; the audit log uses {@code
 * idx_audit_logs_created}.
 */
public final class JdbcRetention implements RetentionStore {
  private static final String REFRESH_TOKENS = "DELETE FROM <schema>.refresh_tokens WHERE "
      + "token_hash IN (SELECT token_hash FROM <schema>.refresh_tokens WHERE expires_at < :cutoff "
      + "LIMIT :n FOR UPDATE SKIP LOCKED)";
  // A session goes with whatever refresh tokens it still has (those of a revoked session need not
  // have expired); deleting them in the statement, rather than by the foreign key's cascade, counts
  // them.
  private static final String SESSIONS = "WITH doomed AS (SELECT id FROM <schema>.sessions WHERE "
      + "%s < :cutoff LIMIT :n FOR UPDATE SKIP LOCKED), "
      + "tokens AS (DELETE FROM <schema>.refresh_tokens t USING doomed d WHERE t.session_id = d.id "
      + "RETURNING 1), "
      + "gone AS (DELETE FROM <schema>.sessions s USING doomed d WHERE s.id = d.id RETURNING 1) "
      + "SELECT (SELECT count(*) FROM gone) AS sessions, (SELECT count(*) FROM tokens) AS tokens";
  private static final String SESSIONS_REVOKED = String.format(SESSIONS, "revoked_at");
  private static final String SESSIONS_EXPIRED = String.format(SESSIONS, "expires_at");
  private static final String ACCOUNT_TOKENS = "DELETE FROM <schema>.account_tokens WHERE "
      + "token_hash IN (SELECT token_hash FROM <schema>.account_tokens WHERE expires_at < :cutoff "
      + "LIMIT :n FOR UPDATE SKIP LOCKED)";
  private static final String INVITATIONS = "DELETE FROM <schema>.invitations WHERE id IN "
      + "(SELECT id FROM <schema>.invitations WHERE expires_at < :cutoff "
      + "LIMIT :n FOR UPDATE SKIP LOCKED)";
  private static final String API_TOKENS = "DELETE FROM <schema>.api_tokens WHERE id IN "
      + "(SELECT id FROM <schema>.api_tokens WHERE %s < :cutoff LIMIT :n FOR UPDATE SKIP LOCKED)";
  private static final String AUDIT = "DELETE FROM <schema>.audit_logs WHERE id IN "
      + "(SELECT id FROM <schema>.audit_logs WHERE created_at < :cutoff "
      + "LIMIT :n FOR UPDATE SKIP LOCKED)";

  private final Db db;

  /** Retention of the store that owns {@code db}. */
  public JdbcRetention(Db db) {
    this.db = db;
  }

  @Override
  public PurgeCounts purge(RetentionCutoffs cutoffs, int batchSize) {
    Objects.requireNonNull(cutoffs, "cutoffs");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    Instant ended = cutoffs.endedBefore();
    long refreshTokens = deleteAll("refresh_tokens.purge", REFRESH_TOKENS, ended, batchSize);
    long[] sessions = new long[2];
    purgeSessions("sessions.purge_revoked", SESSIONS_REVOKED, ended, batchSize, sessions);
    purgeSessions("sessions.purge_expired", SESSIONS_EXPIRED, ended, batchSize, sessions);
    long accountTokens = deleteAll("account_tokens.purge", ACCOUNT_TOKENS, ended, batchSize);
    long invitations = deleteAll("invitations.purge", INVITATIONS, ended, batchSize);
    long apiTokens = deleteAll("api_tokens.purge_expired", String.format(API_TOKENS, "expires_at"),
        ended, batchSize)
        + deleteAll("api_tokens.purge_revoked", String.format(API_TOKENS, "revoked_at"), ended,
            batchSize);
    Instant auditBefore = cutoffs.auditBefore();
    long audit = auditBefore == null ? 0
        : deleteAll("audit_logs.purge", AUDIT, auditBefore, batchSize);
    return new PurgeCounts(refreshTokens + sessions[1], sessions[0], accountTokens, invitations,
        apiTokens, audit);
  }

  /** Runs one batch statement until a batch comes back short; returns the rows it deleted. */
  private long deleteAll(String name, String sql, Instant cutoff, int batchSize) {
    long total = 0;
    int n;
    do {
      n = db.withHandle("retention.purge", h -> Db.update(h, name, sql)
          .bind("cutoff", cutoff).bind("n", batchSize).execute());
      total += n;
    } while (n >= batchSize);
    return total;
  }

  /** Like {@link #deleteAll}, for sessions: adds sessions to {@code counts[0]}, tokens to [1]. */
  private void purgeSessions(String name, String sql, Instant cutoff, int batchSize,
      long[] counts) {
    long gone;
    do {
      long[] batch = db.withHandle("retention.purge", h -> Db.query(h, name, sql)
          .bind("cutoff", cutoff).bind("n", batchSize)
          .map((rs, ctx) -> new long[] {rs.getLong("sessions"), rs.getLong("tokens")}).one());
      gone = batch[0];
      counts[0] += batch[0];
      counts[1] += batch[1];
    } while (gone >= batchSize);
  }
}
