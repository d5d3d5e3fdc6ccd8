package dev.janua.testing;

import static dev.janua.testing.Fixtures.event;
import static dev.janua.testing.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.AuditQuery;
import dev.janua.spi.AuditStore;
import dev.janua.spi.StoredUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of {@link AuditStore}: events come back newest first, ties in recording order. */
public abstract class AuditStoreContract extends AbstractStoreContract {

  /** Lets subclasses exist. */
  protected AuditStoreContract() {}

  @Test
  void auditEvents_newestFirst_tiesByRecordingOrder_limited() {
    StoredUser u = createdUser();
    AuditEvent a = event(AuditEventType.SIGNIN_FAILED, u.id(), now.plusSeconds(1));
    AuditEvent b = event(AuditEventType.SIGNIN_FAILED, u.id(), now.plusSeconds(2));
    AuditEvent c = event(AuditEventType.SIGNIN_SUCCEEDED, u.id(), now.plusSeconds(2));
    store.audit().append(a);
    store.audit().append(b);
    store.audit().append(c);
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 10)))
        .extracting(AuditEvent::id)
        .containsExactly(c.id(), b.id(), a.id(), store.audit().query(AuditQuery.forUser(u.id(), 10)).get(3).id());
    assertThat(store.audit().query(AuditQuery.forUser(u.id(), 2))).extracting(AuditEvent::id)
        .containsExactly(c.id(), b.id());
    assertThat(store.audit().query(AuditQuery.latest(1))).hasSize(1);
  }

  @Test
  void appendAudit_nullSubject_allowed() {
    AuditEvent e = new AuditEvent(id(), AuditEventType.SIGNIN_FAILED, null, null, null, null, null,
        Map.of("email", "ghost@example.com"), now);
    store.audit().append(e);
    assertThat(store.audit().query(AuditQuery.latest(1000))).extracting(AuditEvent::id).contains(e.id());
  }
}
