package dev.janua;

import dev.janua.internal.Inputs;
import dev.janua.spi.SessionStore;
import java.util.List;
import java.util.Map;

/** Sessions ({@code engine.sessions()}): list and revoke. */
public final class Sessions {
  private final SessionStore store;
  private final SessionTokens tokens;
  private final Runner runner;

  Sessions(SessionStore store, SessionTokens tokens, Runner runner) {
    this.store = store;
    this.tokens = tokens;
    this.runner = runner;
  }

  /** The principal's user's live sessions, newest first. */
  public List<Session> list(Principal principal) {
    return runner.run(Operation.SESSIONS, null, call -> {
      tokens.requireLive(principal);
      return store.live(principal.userId(), call.now());
    });
  }

  /**
   * Revokes one of the principal's own sessions.
   *
   * @throws NotFoundException when the user has no such live session
   */
  public void revoke(Principal principal, String sessionId) {
    runner.runVoid(Operation.SESSIONS, null, call -> {
      tokens.requireLive(principal);
      Session s = store.find(Inputs.id(sessionId, "session_id")).orElse(null);
      if (s == null || !s.userId().equals(principal.userId()) || !s.isLive(call.now())) {
        throw new NotFoundException("No such session");
      }
      store.revoke(sessionId, call.now(), call.event(AuditEventType.SESSION_REVOKED,
          principal.userId(), sessionId, null, Map.of("by", principal.sessionId())));
    });
  }

  /**
   * Revokes every live session of a user (an administrative action: check the caller's rights
   * first).
   *
   * @return how many sessions were revoked
   */
  public int revokeAll(String userId) {
    return runner.run(Operation.SESSIONS, null, call -> {
      String id = Inputs.id(userId, "user_id");
      return store.revokeAll(id, call.now(), call.event(AuditEventType.SESSION_REVOKED, id, null,
          null, Map.of("scope", "all")));
    });
  }
}
