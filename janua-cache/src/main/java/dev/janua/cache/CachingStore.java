package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Store} that reads through a {@link TieredCache} and invalidates it on every write, so
 * the engine runs unchanged over any store: {@code CachingStore.wrap(jdbcStore, cache)}.
 *
 * <p>Cached reads: users by id and by email (the email maps to the id), sessions, organizations,
 * memberships (one, an organization's, a user's), custom roles (one, an organization's). Absent
 * results are cached too: every write that could create them invalidates them. Not cached:
 * {@code liveSessions}, audit events, and signing keys (private key material never goes to a
 * shared cache).
 *
 * <p>A session is read by its id alone from the in-process tier (one lookup per validation, no key
 * string built); only on a miss is its owner looked up ({@code session-owner:<id>}) and the
 * session read through the shared tier under {@code session:<userId>:<id>}. The in-process copy
 * remembers that shared key.
 *
 * <p>Every write goes to the delegate first and then, whether it succeeded or threw, drops every
 * key it may have changed from both tiers and publishes them on the bus. Revoking all of a user's
 * sessions ({@code revokeUserSessions}, {@code changePassword}, {@code setUserEnabled(false)})
 * drops the prefix {@code session:<userId>:}, which matches the in-process copies by the shared key
 * they remember and covers sessions created concurrently with the revocation as well, so a revoked
 * session is never served as live from any tier.
 */
public final class CachingStore implements Store {
  private final Store delegate;
  private final TieredCache cache;

  private CachingStore(Store delegate, TieredCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * Wraps a store.
   *
   * @param store the store to read from and write to
   * @param cache the cache to read through
   * @throws NullPointerException naming the missing argument
   */
  public static CachingStore wrap(Store store, TieredCache cache) {
    return new CachingStore(store, cache);
  }

  /** The wrapped store. */
  public Store delegate() {
    return delegate;
  }

  /** The cache this store reads through (its stats feed metrics). */
  public TieredCache cache() {
    return cache;
  }

  // ---- users ----

  @Override
  public void createUser(StoredUser user, AuditEvent event) {
    try {
      delegate.createUser(user, event);
    } finally {
      cache.invalidateAll(userKeys(user), List.of());
    }
  }

  @Override
  public void createUserWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    try {
      delegate.createUserWithSession(user, signup, session, firstToken, signin);
    } finally {
      List<String> keys = new ArrayList<>(userKeys(user));
      keys.addAll(newSessionKeys(session));
      cache.invalidateAll(keys, List.of());
    }
  }

  /** What a new user may have left cached: negative entries under its id and email. */
  private static List<String> userKeys(StoredUser user) {
    return List.of(CacheKeys.user(user.id()), CacheKeys.email(user.email()));
  }

  /** What a new session may have left cached: negative entries under each of its names. */
  private static List<String> newSessionKeys(Session session) {
    return List.of(CacheKeys.sessionOwner(session.id()),
        CacheKeys.session(session.userId(), session.id()), CacheKeys.sessionAlias(session.id()));
  }

  @Override
  public Optional<StoredUser> findUserById(String userId) {
    return cache.get(CacheKeys.user(userId), CacheDataType.USER_PROFILE,
        () -> delegate.findUserById(userId));
  }

  @Override
  public Optional<StoredUser> findUserByEmail(String normalizedEmail) {
    Optional<String> id = cache.get(CacheKeys.email(normalizedEmail), CacheDataType.USER_PROFILE,
        () -> delegate.findUserByEmail(normalizedEmail).map(StoredUser::id));
    return id.flatMap(this::findUserById);
  }

  @Override
  public boolean replacePasswordHash(String userId, String expectedHash, String newHash,
      Instant now) {
    try {
      return delegate.replacePasswordHash(userId, expectedHash, newHash, now);
    } finally {
      cache.invalidate(CacheKeys.user(userId));
    }
  }

  @Override
  public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
    try {
      return delegate.changePassword(userId, newHash, now, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.user(userId)),
          List.of(CacheKeys.userSessionsPrefix(userId)));
    }
  }

  @Override
  public boolean setUserEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    try {
      return delegate.setUserEnabled(userId, enabled, now, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.user(userId)),
          enabled ? List.of() : List.of(CacheKeys.userSessionsPrefix(userId)));
    }
  }

  // ---- sessions ----

  @Override
  public void createSession(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    try {
      delegate.createSession(session, firstToken, event);
    } finally {
      cache.invalidateAll(newSessionKeys(session), List.of());
    }
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    TieredCache.Alias alias = new TieredCache.Alias(sessionId);
    Optional<Session> local = cache.getAlias(alias, CacheDataType.SESSION);
    if (local != null) {
      return local;
    }
    long aliasStamp = cache.stamp(CacheKeys.sessionAlias(sessionId));
    Optional<String> owner = ownerOf(sessionId);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    String key = CacheKeys.session(owner.get(), sessionId);
    long stamp = cache.stamp(key);
    Optional<Session> session = cache.getShared(key, CacheDataType.SESSION,
        () -> delegate.findSession(sessionId));
    cache.putAlias(alias, key, session, CacheDataType.SESSION, aliasStamp, stamp);
    return session;
  }

  private Optional<String> ownerOf(String sessionId) {
    return cache.get(CacheKeys.sessionOwner(sessionId), CacheDataType.SESSION,
        () -> delegate.findSession(sessionId).map(Session::userId));
  }

  @Override
  public List<Session> liveSessions(String userId, Instant now) {
    return delegate.liveSessions(userId, now);
  }

  @Override
  public boolean revokeSession(String sessionId, Instant now, AuditEvent event) {
    // the owner never changes, so it may be read before the write
    Optional<String> owner = ownerOf(sessionId);
    boolean revoked = false;
    try {
      revoked = delegate.revokeSession(sessionId, now, event);
      return revoked;
    } finally {
      if (owner.isEmpty() && revoked) {
        // created after our lookup: ask the store (the owner entry is dropped with it)
        owner = delegate.findSession(sessionId).map(Session::userId);
        cache.invalidate(CacheKeys.sessionOwner(sessionId));
      }
      List<String> keys = owner.isPresent()
          ? List.of(CacheKeys.session(owner.get(), sessionId), CacheKeys.sessionAlias(sessionId))
          : List.of(CacheKeys.sessionAlias(sessionId));
      cache.invalidateAll(keys, List.of());
    }
  }

  @Override
  public int revokeUserSessions(String userId, Instant now, AuditEvent event) {
    try {
      return delegate.revokeUserSessions(userId, now, event);
    } finally {
      cache.invalidatePattern(CacheKeys.userSessionsPrefix(userId));
    }
  }

  /**
   * Rotates through the delegate; on {@code Rotated} the session's cached copy is dropped so its
   * new {@code lastUsedAt} is read next (other outcomes write nothing).
   */
  @Override
  public RotationOutcome rotateRefreshToken(String spentHash, String successorHash,
      Instant successorExpiresAt, Instant now, AuditEvent event) {
    RotationOutcome outcome =
        delegate.rotateRefreshToken(spentHash, successorHash, successorExpiresAt, now, event);
    if (outcome instanceof RotationOutcome.Rotated rotated) {
      Session s = rotated.session();
      cache.invalidateAll(List.of(CacheKeys.session(s.userId(), s.id()),
          CacheKeys.sessionAlias(s.id())), List.of());
    }
    return outcome;
  }

  // ---- organizations, members, roles ----

  @Override
  public void createOrganization(Organization organization, Membership owner, AuditEvent event) {
    try {
      delegate.createOrganization(organization, owner, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.organization(organization.id()),
          CacheKeys.membership(owner.organizationId(), owner.userId()),
          CacheKeys.members(owner.organizationId()),
          CacheKeys.membershipsOf(owner.userId())), List.of());
    }
  }

  @Override
  public Optional<Organization> findOrganization(String organizationId) {
    return cache.get(CacheKeys.organization(organizationId), CacheDataType.ORGANIZATION,
        () -> delegate.findOrganization(organizationId));
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    return cache.get(CacheKeys.membership(organizationId, userId), CacheDataType.PERMISSIONS,
        () -> delegate.findMembership(organizationId, userId));
  }

  @Override
  public List<Membership> members(String organizationId) {
    return cache.get(CacheKeys.members(organizationId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.members(organizationId)));
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return cache.get(CacheKeys.membershipsOf(userId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.membershipsOf(userId)));
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    try {
      delegate.addMember(membership, event);
    } finally {
      invalidateMembership(membership.organizationId(), membership.userId());
    }
  }

  @Override
  public boolean updateMembership(Membership membership, AuditEvent event) {
    try {
      return delegate.updateMembership(membership, event);
    } finally {
      invalidateMembership(membership.organizationId(), membership.userId());
    }
  }

  @Override
  public boolean removeMember(String organizationId, String userId, AuditEvent event) {
    try {
      return delegate.removeMember(organizationId, userId, event);
    } finally {
      invalidateMembership(organizationId, userId);
    }
  }

  private void invalidateMembership(String organizationId, String userId) {
    cache.invalidateAll(List.of(CacheKeys.membership(organizationId, userId),
        CacheKeys.members(organizationId), CacheKeys.membershipsOf(userId)), List.of());
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    try {
      delegate.createRole(role, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.role(role.organizationId(), role.name()),
          CacheKeys.roles(role.organizationId())), List.of());
    }
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return cache.get(CacheKeys.role(organizationId, name), CacheDataType.PERMISSIONS,
        () -> delegate.findRole(organizationId, name));
  }

  @Override
  public List<Role> roles(String organizationId) {
    return cache.get(CacheKeys.roles(organizationId), CacheDataType.PERMISSIONS,
        () -> List.copyOf(delegate.roles(organizationId)));
  }

  // ---- not cached ----

  @Override
  public void appendAudit(AuditEvent event) {
    delegate.appendAudit(event);
  }

  @Override
  public List<AuditEvent> auditEvents(AuditQuery query) {
    return delegate.auditEvents(query);
  }

  @Override
  public StoredSigningKey activeSigningKey(StoredSigningKey candidate) {
    return delegate.activeSigningKey(candidate);
  }

  @Override
  public List<StoredSigningKey> signingKeys() {
    return delegate.signingKeys();
  }

  @Override
  public void rotateSigningKey(StoredSigningKey next, Instant now) {
    delegate.rotateSigningKey(next, now);
  }
}
