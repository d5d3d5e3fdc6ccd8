package dev.janua.jdbc.internal;

import static dev.janua.jdbc.internal.Rows.AUDIT;
import static dev.janua.jdbc.internal.Rows.AUDIT_COLUMNS;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.spi.AuditStore;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit log on PostgreSQL ({@code audit_logs}). The other aggregates write their events with
 * {@link #insert} inside their own transaction.
 */
public final class JdbcAudit implements AuditStore {
  private static final String INSERT = "INSERT INTO <schema>.audit_logs (id, event_type, user_id, "
      + "session_id, organization_id, ip_address, user_agent, details, created_at) VALUES (:id, "
      + ":type, :userId, :sessionId, :organizationId, :ip, :ua, "
      + "jsonb_object(CAST(:detailKeys AS text[]), CAST(:detailValues AS text[])), :createdAt)";

  private final Db db;

  /** The audit log of the store that owns {@code db}. */
  public JdbcAudit(Db db) {
    this.db = db;
  }

  /** Writes {@code event} on {@code h}, as part of whatever {@code h} is doing. */
  static void insert(Handle h, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    String[] keys = event.details().keySet().toArray(new String[0]);
    String[] values = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = event.details().get(keys[i]);
    }
    Db.update(h, "audit_logs.insert", INSERT)
        .bind("id", event.id()).bind("type", event.type().code()).bind("userId", event.userId())
        .bind("sessionId", event.sessionId()).bind("organizationId", event.organizationId())
        .bind("ip", event.ipAddress()).bind("ua", event.userAgent())
        .bind("detailKeys", keys).bind("detailValues", values)
        .bind("createdAt", event.createdAt())
        .execute();
  }

  @Override
  public void append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    db.withHandle("audit.append", h -> {
      insert(h, event);
      return null;
    });
  }

  @Override
  public List<AuditEvent> query(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    // One statement per filter combination, so each uses its own index.
    String where;
    String name;
    if (query.userId() != null && query.organizationId() != null) {
      where = " WHERE user_id = :userId AND organization_id = :organizationId";
      name = "audit_logs.of_user_in_organization";
    } else if (query.userId() != null) {
      where = " WHERE user_id = :userId";
      name = "audit_logs.of_user";
    } else if (query.organizationId() != null) {
      where = " WHERE organization_id = :organizationId";
      name = "audit_logs.of_organization";
    } else {
      where = "";
      name = "audit_logs.latest";
    }
    String sql = "SELECT " + AUDIT_COLUMNS + " FROM <schema>.audit_logs" + where
        + " ORDER BY created_at DESC, seq DESC LIMIT :limit";
    return db.withHandle("audit.query", h -> {
      Query q = Db.query(h, name, sql).bind("limit", query.limit());
      if (query.userId() != null) {
        q.bind("userId", query.userId());
      }
      if (query.organizationId() != null) {
        q.bind("organizationId", query.organizationId());
      }
      return q.map(AUDIT).list();
    });
  }
}
