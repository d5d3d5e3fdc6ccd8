package dev.janua.jdbc.internal;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/** Row mappers of Janua's tables, reading columns by the names the store's queries select. */
public final class Rows {
  private Rows() {}

  /** A {@code timestamptz} column as an instant, or {@code null}. */
  public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** A {@code text[]} column as a Java array (empty for SQL NULL). */
  public static String[] strings(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    if (a == null) {
      return new String[0];
    }
    try {
      return (String[]) a.getArray();
    } finally {
      a.free();
    }
  }

  /** Columns of {@code users}. */
  public static final String USER_COLUMNS =
      "id, email, name, password_hash, is_active, created_at, updated_at, email_verified_at";

  /** Maps {@link #USER_COLUMNS}. */
  public static final RowMapper<StoredUser> USER = (rs, ctx) -> new StoredUser(
      rs.getString("id"), rs.getString("email"), rs.getString("name"),
      rs.getString("password_hash"), rs.getBoolean("is_active"),
      instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "email_verified_at"));

  /** Columns of {@code sessions}. */
  public static final String SESSION_COLUMNS = "id, user_id, ip_address, user_agent, created_at, "
      + "last_used_at, expires_at, revoked_at, amr, auth_time";

  /** Maps {@link #SESSION_COLUMNS}. */
  public static final RowMapper<Session> SESSION = (rs, ctx) -> {
    Instant created = instant(rs, "created_at");
    Instant authTime = instant(rs, "auth_time");
    return new Session(rs.getString("id"), rs.getString("user_id"), rs.getString("ip_address"),
        rs.getString("user_agent"), created, instant(rs, "last_used_at"),
        instant(rs, "expires_at"), instant(rs, "revoked_at"), amr(rs.getString("amr")),
        authTime == null ? created : authTime);
  };

  /** An {@code amr} column (space-separated values) as a list; empty for SQL NULL. */
  public static List<String> amr(@Nullable String column) {
    return column == null || column.isBlank() ? List.of() : List.of(column.trim().split(" +"));
  }

  /** An amr list as its column: space-separated, NULL for none. */
  public static @Nullable String amrColumn(List<String> amr) {
    return amr.isEmpty() ? null : String.join(" ", amr);
  }

  /** Columns of {@code organizations}. */
  public static final String ORGANIZATION_COLUMNS = "id, name, slug, owner_id, created_at";

  /** Maps {@link #ORGANIZATION_COLUMNS}. */
  public static final RowMapper<Organization> ORGANIZATION = (rs, ctx) -> new Organization(
      rs.getString("id"), rs.getString("name"), rs.getString("slug"), rs.getString("owner_id"),
      instant(rs, "created_at"));

  /** Columns of {@code organization_members}. */
  public static final String MEMBERSHIP_COLUMNS = "organization_id, user_id, role, status, joined_at";

  /** Maps {@link #MEMBERSHIP_COLUMNS}. */
  public static final RowMapper<Membership> MEMBERSHIP = (rs, ctx) -> new Membership(
      rs.getString("organization_id"), rs.getString("user_id"), rs.getString("role"),
      MembershipStatus.valueOf(rs.getString("status")), instant(rs, "joined_at"));

  /** Columns of {@code roles}. */
  public static final String ROLE_COLUMNS = "organization_id, name, permissions, created_at";

  /** Maps {@link #ROLE_COLUMNS}. */
  public static final RowMapper<Role> ROLE = (rs, ctx) -> new Role(
      rs.getString("organization_id"), rs.getString("name"), Set.of(strings(rs, "permissions")),
      instant(rs, "created_at"));

  /** Columns of {@code audit_logs}, the details split into sorted key and value arrays. */
  public static final String AUDIT_COLUMNS = "id, event_type, user_id, session_id, organization_id, "
      + "ip_address, user_agent, created_at, "
      + "ARRAY(SELECT key FROM jsonb_each_text(details) ORDER BY key) AS detail_keys, "
      + "ARRAY(SELECT value FROM jsonb_each_text(details) ORDER BY key) AS detail_values";

  /** Maps {@link #AUDIT_COLUMNS}. */
  public static final RowMapper<AuditEvent> AUDIT = (rs, ctx) -> {
    String[] keys = strings(rs, "detail_keys");
    String[] values = strings(rs, "detail_values");
    Map<String, String> details = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      details.put(keys[i], values[i]);
    }
    return new AuditEvent(rs.getString("id"), AuditEventType.fromCode(rs.getString("event_type")),
        rs.getString("user_id"), rs.getString("session_id"), rs.getString("organization_id"),
        rs.getString("ip_address"), rs.getString("user_agent"), details, instant(rs, "created_at"));
  };

  /** Columns of {@code signing_keys}. */
  public static final String SIGNING_KEY_COLUMNS =
      "kid, algorithm, private_key_der, public_key_der, created_at, retired_at, activates_at";

  /** Maps {@link #SIGNING_KEY_COLUMNS}. */
  public static final RowMapper<StoredSigningKey> SIGNING_KEY = (rs, ctx) -> new StoredSigningKey(
      rs.getString("kid"), rs.getString("algorithm"), rs.getString("private_key_der"),
      rs.getString("public_key_der"), instant(rs, "created_at"), instant(rs, "retired_at"),
      instant(rs, "activates_at"));
}
