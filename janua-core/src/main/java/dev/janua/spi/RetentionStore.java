package dev.janua.spi;

import dev.janua.PurgeCounts;
import dev.janua.StoreUnavailableException;

/**
 * Retention: deletes what has ended, so that no table or map grows without bound. The engine
 * calls it on a schedule and on demand ({@code AuthEngine.purge()}).
 *
 * <p>What goes is exactly what {@link RetentionCutoffs} describes, and nothing live: a session that
 * has neither been revoked nor expired before the cutoff keeps every one of its refresh tokens that
 * has not expired before it, spent ones included (a spent token presented again is how reuse is
 * detected). Rows are deleted whole.
 */
public interface RetentionStore {

  /**
   * Deletes everything past the cutoffs, in batches of at most {@code batchSize} rows of one kind,
   * each batch on its own (its own transaction on a database, its own turn of the lock in memory),
   * so that no batch holds up the store's other work for long. Safe to run from several instances
   * at once: a row is deleted by one of them, and counted only by that one.
   *
   * @param batchSize rows per batch, at least 1
   * @return the rows this call deleted, per kind
   * @throws IllegalArgumentException when {@code batchSize} is below 1
   * @throws StoreUnavailableException when the backing system cannot be reached (batches already
   *     done stay done)
   */
  PurgeCounts purge(RetentionCutoffs cutoffs, int batchSize);
}
