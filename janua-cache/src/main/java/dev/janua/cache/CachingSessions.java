package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.Session;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The sessions aggregate of a {@link CachingStore}. */
final class CachingSessions implements SessionStore {
  private final SessionStore delegate;
  private final TieredCache cache;

  CachingSessions(SessionStore delegate, TieredCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  /** What a new session may have left cached: negative entries under each of its names. */
  static List<String> newSessionKeys(Session session) {
    return List.of(CacheKeys.sessionOwner(session.id()),
        CacheKeys.session(session.userId(), session.id()), CacheKeys.sessionAlias(session.id()));
  }

  @Override
  public boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    try {
      return delegate.create(session, firstToken, event);
    } finally {
      cache.invalidateAll(newSessionKeys(session), List.of());
    }
  }

  /**
   * From L1 under the session's alias, else through the tiers under its owner's key (so that a
   * user's sessions can be dropped by prefix). On a miss the store is read once: when the owner is
   * not cached either, the row read for the owner is the session too. Every invalidation of the
   * session also invalidates the alias's name, whose stamp, taken before that read, guards both
   * fills.
   */
  @Override
  public Optional<Session> find(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    TieredCache.Alias alias = new TieredCache.Alias(sessionId);
    Optional<Session> local = cache.getAlias(alias, CacheDataType.SESSION);
    if (local != null) {
      return local;
    }
    String aliasName = CacheKeys.sessionAlias(sessionId);
    long aliasStamp = cache.stamp(aliasName);
    List<Optional<Session>> read = new ArrayList<>(1);
    Optional<String> owner = cache.get(CacheKeys.sessionOwner(sessionId), CacheDataType.SESSION,
        () -> {
          Optional<Session> row = delegate.find(sessionId);
          read.add(row);
          return row.map(Session::userId);
        });
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    String key = CacheKeys.session(owner.get(), sessionId);
    long stamp = cache.stamp(key);
    Optional<Session> session = cache.getShared(key, CacheDataType.SESSION,
        read.isEmpty() ? () -> delegate.find(sessionId) : () -> read.get(0), aliasName, aliasStamp);
    cache.putAlias(alias, key, session, CacheDataType.SESSION, aliasStamp, stamp);
    return session;
  }

  private Optional<String> ownerOf(String sessionId) {
    return cache.get(CacheKeys.sessionOwner(sessionId), CacheDataType.SESSION,
        () -> delegate.find(sessionId).map(Session::userId));
  }

  /** Not cached: revocation is rare, and must see every token the store holds. */
  @Override
  public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    return delegate.findRefreshToken(tokenHash);
  }

  /** Not cached: the list a user sees must be exact. */
  @Override
  public List<Session> live(String userId, Instant now) {
    return delegate.live(userId, now);
  }

  @Override
  public boolean revoke(String sessionId, Instant now, AuditEvent event) {
    // the owner never changes, so it may be read before the write
    Optional<String> owner = ownerOf(sessionId);
    boolean revoked = false;
    try {
      revoked = delegate.revoke(sessionId, now, event);
      return revoked;
    } finally {
      if (owner.isEmpty() && revoked) {
        // created after our lookup: ask the store (the owner entry is dropped with it)
        owner = delegate.find(sessionId).map(Session::userId);
        cache.invalidate(CacheKeys.sessionOwner(sessionId));
      }
      List<String> keys = owner.isPresent()
          ? List.of(CacheKeys.session(owner.get(), sessionId), CacheKeys.sessionAlias(sessionId))
          : List.of(CacheKeys.sessionAlias(sessionId));
      cache.invalidateAll(keys, List.of());
    }
  }

  @Override
  public int revokeAll(String userId, Instant now, AuditEvent event) {
    try {
      return delegate.revokeAll(userId, now, event);
    } finally {
      cache.invalidatePattern(CacheKeys.userSessionsPrefix(userId));
    }
  }

  /**
   * Rotates through the delegate; on {@code Rotated} the session's cached copy is dropped so its
   * new {@code lastUsedAt} is read next (other outcomes write nothing).
   */
  @Override
  public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now,
      AuditEvent event) {
    RotationOutcome outcome = delegate.rotateRefreshToken(rotation, now, event);
    if (outcome instanceof RotationOutcome.Rotated rotated) {
      Session s = rotated.session();
      cache.invalidateAll(List.of(CacheKeys.session(s.userId(), s.id()),
          CacheKeys.sessionAlias(s.id())), List.of());
    }
    return outcome;
  }

  /** Through to the delegate: the session's cached copy does not hold its active organization. */
  @Override
  public boolean switchOrganization(@Nullable String organizationId, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    return delegate.switchOrganization(organizationId, token, now, event);
  }

  /** Not cached: a refresh reads it once, and must see a switch made on another instance. */
  @Override
  public Optional<String> activeOrganization(String sessionId) {
    return delegate.activeOrganization(sessionId);
  }

  /** Through to the delegate; the session's cached copy (with its old amr) is dropped. */
  @Override
  public boolean reauthenticate(List<String> amr, Instant authTime, RefreshTokenRecord token,
      Instant now, AuditEvent event) {
    try {
      return delegate.reauthenticate(amr, authTime, token, now, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.session(token.userId(), token.sessionId()),
          CacheKeys.sessionAlias(token.sessionId())), List.of());
    }
  }
}
