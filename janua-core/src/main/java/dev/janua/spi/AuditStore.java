package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import java.util.List;

/** The audit log. Events written together with a change are written by that change's aggregate. */
public interface AuditStore {

  /** Records an event on its own. */
  void append(AuditEvent event);

  /** Events matching the query, newest first (ties in time: the later recorded first). */
  List<AuditEvent> query(AuditQuery query);
}
