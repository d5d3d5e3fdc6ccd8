package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Session;
import dev.janua.memory.MemoryState.TokenRow;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The sessions aggregate of an {@link InMemoryStore}. */
final class MemorySessions implements SessionStore {
  private final MemoryState s;

  MemorySessions(MemoryState state) {
    this.s = state;
  }

  @Override
  public boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    return s.locked(() -> {
      // under the lock setEnabled takes too: a disable is wholly before or after this check
      StoredUser user = s.usersById.get(session.userId());
      if (user == null || !user.enabled()) {
        return false;
      }
      if (s.sessions.containsKey(session.id()) || s.refreshTokens.containsKey(firstToken.tokenHash())) {
        throw new ConflictException("id", "A session or refresh token with this id already exists");
      }
      insert(s, session, firstToken, event);
      return true;
    });
  }

  /** Writes a checked new session; call under the lock. */
  static void insert(MemoryState s, Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    s.sessions.put(session.id(), session);
    s.refreshTokens.put(firstToken.tokenHash(), new TokenRow(firstToken));
    s.audit.add(event);
  }

  @Override
  public Optional<Session> find(String sessionId) {
    return Optional.ofNullable(s.sessions.get(sessionId));
  }

  @Override
  public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    TokenRow row = s.refreshTokens.get(tokenHash);
    return row == null ? Optional.empty() : Optional.of(row.token());
  }

  @Override
  public List<Session> live(String userId, Instant now) {
    return s.sessions.values().stream()
        .filter(x -> x.userId().equals(userId) && x.isLive(now))
        .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed())
        .toList();
  }

  @Override
  public boolean revoke(String sessionId, Instant now, AuditEvent event) {
    return s.locked(() -> {
      Session session = s.sessions.get(sessionId);
      if (session == null || session.revokedAt() != null) {
        return false;
      }
      s.sessions.put(sessionId, session.revoked(now));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public int revokeAll(String userId, Instant now, AuditEvent event) {
    return s.locked(() -> {
      int revoked = s.revokeAllOf(userId, now);
      s.audit.add(event);
      return revoked;
    });
  }

  @Override
  public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now, AuditEvent event) {
    return s.locked(() -> {
      TokenRow row = s.refreshTokens.get(rotation.spentHash());
      if (row == null) {
        return new RotationOutcome.Unknown();
      }
      RefreshTokenRecord token = row.token();
      if (row.spentAt() != null) {
        TokenRow next = row.successorHash() == null ? null : s.refreshTokens.get(row.successorHash());
        return new RotationOutcome.AlreadySpent(token.sessionId(), token.userId(), row.spentAt(),
            token.sealedSuccessor(), next != null && next.spentAt() != null);
      }
      Session session = s.sessions.get(token.sessionId());
      if (session == null || !session.isLive(now)) {
        return new RotationOutcome.SessionEnded(token.sessionId());
      }
      if (!now.isBefore(token.expiresAt())) {
        return new RotationOutcome.Expired(token.sessionId());
      }
      Instant expiry = rotation.successorExpiresAt().isBefore(session.expiresAt())
          ? rotation.successorExpiresAt() : session.expiresAt();
      RefreshTokenRecord successor = new RefreshTokenRecord(rotation.successorHash(), session.id(),
          session.userId(), now, expiry);
      s.refreshTokens.put(rotation.spentHash(), new TokenRow(
          token.withSealedSuccessor(rotation.sealedSuccessor()), now, rotation.successorHash()));
      s.refreshTokens.put(rotation.successorHash(), new TokenRow(successor));
      Session used = session.usedAt(now);
      s.sessions.put(session.id(), used);
      s.audit.add(event.withSubject(session.userId(), session.id()));
      return new RotationOutcome.Rotated(used, successor);
    });
  }

  @Override
  public boolean switchOrganization(@Nullable String organizationId, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    return s.locked(() -> {
      Session session = s.sessions.get(token.sessionId());
      if (session == null || !session.isLive(now) || !session.userId().equals(token.userId())) {
        return false;
      }
      if (s.refreshTokens.containsKey(token.tokenHash())) {
        throw new ConflictException("id", "A refresh token with this hash already exists");
      }
      if (organizationId == null) {
        s.activeOrganizations.remove(session.id());
      } else {
        s.activeOrganizations.put(session.id(), organizationId);
      }
      s.refreshTokens.put(token.tokenHash(), new TokenRow(token));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public Optional<String> activeOrganization(String sessionId) {
    return Optional.ofNullable(s.activeOrganizations.get(sessionId));
  }

  @Override
  public boolean reauthenticate(java.util.List<String> amr, Instant authTime,
      RefreshTokenRecord token, Instant now, AuditEvent event) {
    Objects.requireNonNull(amr, "amr");
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(event, "event");
    return s.locked(() -> {
      Session session = s.sessions.get(token.sessionId());
      if (session == null || !session.isLive(now) || !session.userId().equals(token.userId())) {
        return false;
      }
      if (s.refreshTokens.containsKey(token.tokenHash())) {
        throw new ConflictException("id", "A refresh token with this hash already exists");
      }
      s.sessions.put(session.id(), session.authenticated(amr, authTime));
      s.refreshTokens.put(token.tokenHash(), new TokenRow(token));
      s.audit.add(event);
      return true;
    });
  }
}
