package dev.janua.spi;

import dev.janua.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens aggregate ({@code api_tokens}). Every operation is atomic on its own.
 */
public interface ApiTokenStore {

  /**
   * Inserts a token and its audit event, all or none.
   *
   * @throws dev.janua.ConflictException when a token with this id or hash exists
   */
  void create(ApiTokenRecord token, AuditEvent event);

  /** The token with this id, revoked or expired or not. */
  Optional<ApiTokenRecord> find(String id);

  /**
   * The token stored under this hash unless it was revoked (expired or not): the read of every
   * API-token authentication. A revoked token is never found here, so that a database can answer
   * from an index of the tokens that are not revoked (the guide's {@code idx_api_tokens_hash_active}).
   *
   * @param tokenHash lower-case hex SHA-256 of the token string
   */
  Optional<ApiTokenRecord> findByHash(String tokenHash);

  /** The user's tokens that are not revoked (expired ones included), newest first. */
  List<ApiTokenRecord> listOf(String userId);

  /**
   * Revokes one of the user's tokens and records the event. Of concurrent calls at most one
   * answers {@code true}.
   *
   * @return {@code false} when there is no such token of this user, or it was revoked already
   *     (nothing written)
   */
  boolean revoke(String id, String userId, Instant now, AuditEvent event);

  /**
   * Sets {@code last_used_at} to {@code now} unless it is already later than {@code notAfter}:
   * the engine passes {@code now - 1 minute}, so each token is written at most once a minute
   * however many requests use it at once. Of concurrent calls with the same arguments at most one
   * answers {@code true}. A revoked token is not touched.
   *
   * @return whether it wrote
   */
  boolean touch(String id, Instant now, Instant notAfter);
}
