package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * API tokens on PostgreSQL ({@code api_tokens}, as V3 shapes it). Authentication reads by hash
 * through the guide's partial index {@code idx_api_tokens_hash_active}; revocation and {@code
 * last_used_at} are single conditional UPDATEs, so concurrent callers serialize on the row and at
 * most one of them matches.
 */
public final class JdbcApiTokens implements ApiTokenStore {
  static final String COLUMNS = "id, user_id, organization_id, name, token_hash, display_prefix, "
      + "permissions, created_at, expires_at, last_used_at, revoked_at";

  static final RowMapper<ApiTokenRecord> TOKEN = (rs, ctx) -> new ApiTokenRecord(
      rs.getString("id"), rs.getString("user_id"), rs.getString("organization_id"),
      rs.getString("name"), rs.getString("token_hash"), rs.getString("display_prefix"),
      Set.of(Rows.strings(rs, "permissions")), Rows.instant(rs, "created_at"),
      Rows.instant(rs, "expires_at"), Rows.instant(rs, "last_used_at"),
      Rows.instant(rs, "revoked_at"));

  /** Rows Janua wrote: V1 let a host write tokens without an organization or an expiry. */
  private static final String JANUAS = " AND organization_id IS NOT NULL AND expires_at IS NOT NULL";

  private final Db db;

  /** The API tokens of the store that owns {@code db}. */
  public JdbcApiTokens(Db db) {
    this.db = db;
  }

  @Override
  public void create(ApiTokenRecord t, AuditEvent event) {
    Objects.requireNonNull(t, "token");
    Objects.requireNonNull(event, "event");
    db.inTransaction("apiTokens.create", h -> {
      Db.update(h, "api_tokens.insert", "INSERT INTO <schema>.api_tokens (" + COLUMNS
          + ", is_active) VALUES (:id, :userId, :organizationId, :name, :hash, :prefix, "
          + "CAST(:permissions AS text[]), :createdAt, :expiresAt, :lastUsedAt, :revokedAt, "
          + ":active)")
          .bind("id", t.id()).bind("userId", t.userId()).bind("organizationId", t.organizationId())
          .bind("name", t.name()).bind("hash", t.tokenHash()).bind("prefix", t.displayPrefix())
          .bind("permissions", t.permissions().stream().sorted().toArray(String[]::new))
          .bind("createdAt", t.createdAt()).bind("expiresAt", t.expiresAt())
          .bind("lastUsedAt", t.lastUsedAt()).bind("revokedAt", t.revokedAt())
          .bind("active", t.revokedAt() == null)
          .execute();
      JdbcAudit.insert(h, event);
      return null;
    });
  }

  @Override
  public Optional<ApiTokenRecord> find(String id) {
    return db.withHandle("apiTokens.find", h -> Db.query(h, "api_tokens.find_by_id",
        "SELECT " + COLUMNS + " FROM <schema>.api_tokens WHERE id = :id" + JANUAS)
        .bind("id", id).map(TOKEN).findOne());
  }

  @Override
  public Optional<ApiTokenRecord> findByHash(String tokenHash) {
    return db.withHandle("apiTokens.findByHash", h -> Db.query(h, "api_tokens.find_by_hash",
        "SELECT " + COLUMNS + " FROM <schema>.api_tokens WHERE token_hash = :hash AND is_active"
            + JANUAS)
        .bind("hash", tokenHash).map(TOKEN).findOne());
  }

  @Override
  public List<ApiTokenRecord> listOf(String userId) {
    return db.withHandle("apiTokens.listOf", h -> Db.query(h, "api_tokens.list_of_user",
        "SELECT " + COLUMNS + " FROM <schema>.api_tokens WHERE user_id = :userId "
            + "AND revoked_at IS NULL" + JANUAS + " ORDER BY created_at DESC, id COLLATE \"C\" DESC")
        .bind("userId", userId).map(TOKEN).list());
  }

  @Override
  public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return db.inTransaction("apiTokens.revoke", h -> {
      int revoked = Db.update(h, "api_tokens.revoke", "UPDATE <schema>.api_tokens "
          + "SET is_active = false, revoked_at = :now "
          + "WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
          .bind("now", now).bind("id", id).bind("userId", userId).execute();
      if (revoked == 0) {
        return false;
      }
      JdbcAudit.insert(h, event);
      return true;
    });
  }

  @Override
  public boolean touch(String id, Instant now, Instant notAfter) {
    return db.withHandle("apiTokens.touch", h -> Db.update(h, "api_tokens.touch",
        "UPDATE <schema>.api_tokens SET last_used_at = :now WHERE id = :id AND revoked_at IS NULL "
            + "AND (last_used_at IS NULL OR last_used_at <= :notAfter)")
        .bind("now", now).bind("id", id).bind("notAfter", notAfter).execute() == 1);
  }
}
