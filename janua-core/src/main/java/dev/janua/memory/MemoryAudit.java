package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.spi.AuditStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The audit log of an {@link InMemoryStore}. */
final class MemoryAudit implements AuditStore {
  private final MemoryState s;

  MemoryAudit(MemoryState state) {
    this.s = state;
  }

  @Override
  public void append(AuditEvent event) {
    s.locked(() -> s.audit.add(Objects.requireNonNull(event, "event")));
  }

  @Override
  public List<AuditEvent> query(AuditQuery query) {
    return s.locked(() -> {
      List<AuditEvent> out = new ArrayList<>();
      // Newest first: by time, ties broken by recording order (later first).
      List<AuditEvent> ordered = new ArrayList<>(s.audit);
      Collections.reverse(ordered);
      ordered.sort(Comparator.comparing(AuditEvent::createdAt).reversed());
      for (AuditEvent e : ordered) {
        if ((query.userId() == null || query.userId().equals(e.userId()))
            && (query.organizationId() == null || query.organizationId().equals(e.organizationId()))) {
          out.add(e);
          if (out.size() == query.limit()) {
            break;
          }
        }
      }
      return out;
    });
  }
}
