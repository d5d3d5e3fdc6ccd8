package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.Membership;
import dev.janua.Session;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The users aggregate of a {@link CachingStore}. Profiles ({@link #findById}, {@link
 * #findByEmail}) are cached without their password hash ({@link StoredUser#HASH_WITHHELD}), so no
 * hash ever reaches either tier; credentials ({@link #findCredentialsById}, {@link
 * #findCredentialsByEmail}) always come from the delegate.
 */
final class CachingUsers implements UserStore {
  private final UserStore delegate;
  private final TieredCache cache;
  private final OrganizationStore organizations;

  /**
   * @param organizations the delegate's organizations (uncached), to learn which membership
   *     entries a deletion drops
   */
  CachingUsers(UserStore delegate, TieredCache cache, OrganizationStore organizations) {
    this.delegate = delegate;
    this.cache = cache;
    this.organizations = organizations;
  }

  @Override
  public void create(StoredUser user, AuditEvent event) {
    try {
      delegate.create(user, event);
    } finally {
      cache.invalidateAll(newUserKeys(user), List.of());
    }
  }

  /** Drops exactly what {@link #create} and {@code sessions().create} drop. */
  @Override
  public void createWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    try {
      delegate.createWithSession(user, signup, session, firstToken, signin);
    } finally {
      List<String> keys = new ArrayList<>(newUserKeys(user));
      keys.addAll(CachingSessions.newSessionKeys(session));
      cache.invalidateAll(keys, List.of());
    }
  }

  /** What a new user may have left cached: negative entries under its id and email. */
  private static List<String> newUserKeys(StoredUser user) {
    return List.of(CacheKeys.user(user.id()), CacheKeys.email(user.email()));
  }

  /** The profile, through the cache; the cached entry (and the answer) carries no hash. */
  @Override
  public Optional<StoredUser> findById(String userId) {
    return cache.get(CacheKeys.user(userId), CacheDataType.USER_PROFILE,
        () -> delegate.findById(userId).map(StoredUser::withoutPasswordHash));
  }

  @Override
  public Optional<StoredUser> findByEmail(String normalizedEmail) {
    Optional<String> id = cache.get(CacheKeys.email(normalizedEmail), CacheDataType.USER_PROFILE,
        () -> delegate.findByEmail(normalizedEmail).map(StoredUser::id));
    return id.flatMap(this::findById);
  }

  /** Always the delegate's answer, never cached: credentials come from the store of record. */
  @Override
  public Optional<StoredUser> findCredentialsById(String userId) {
    return delegate.findCredentialsById(userId);
  }

  /** Always the delegate's answer, never cached: credentials come from the store of record. */
  @Override
  public Optional<StoredUser> findCredentialsByEmail(String normalizedEmail) {
    return delegate.findCredentialsByEmail(normalizedEmail);
  }

  @Override
  public boolean replacePasswordHash(String userId, PasswordHashSwap swap, Instant now) {
    try {
      return delegate.replacePasswordHash(userId, swap, now);
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
  public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    try {
      return delegate.setEnabled(userId, enabled, now, event);
    } finally {
      cache.invalidateAll(List.of(CacheKeys.user(userId)),
          enabled ? List.of() : List.of(CacheKeys.userSessionsPrefix(userId)));
    }
  }

  @Override
  public boolean markEmailVerified(String userId, String email, Instant now, AuditEvent event) {
    try {
      return delegate.markEmailVerified(userId, email, now, event);
    } finally {
      cache.invalidate(CacheKeys.user(userId));
    }
  }

  @Override
  public boolean updateName(String userId, @Nullable String name, Instant now, AuditEvent event) {
    try {
      return delegate.updateName(userId, name, now, event);
    } finally {
      cache.invalidate(CacheKeys.user(userId));
    }
  }

  /**
   * Drops the user by id, both addresses (old and tombstone), the user's sessions, and every
   * membership entry of the user (learned from the delegate before the deletion).
   */
  @Override
  public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
    String userId = tombstone.id();
    Optional<StoredUser> before = delegate.findById(userId);
    List<Membership> memberships = organizations.membershipsOf(userId);
    try {
      return delegate.delete(tombstone, now, event);
    } finally {
      List<String> keys = new ArrayList<>(List.of(CacheKeys.user(userId),
          CacheKeys.email(tombstone.email()), CacheKeys.membershipsOf(userId)));
      before.ifPresent(u -> keys.add(CacheKeys.email(u.email())));
      for (Membership m : memberships) {
        keys.add(CacheKeys.membership(m.organizationId(), userId));
        keys.add(CacheKeys.members(m.organizationId()));
      }
      cache.invalidateAll(keys, List.of(CacheKeys.userSessionsPrefix(userId)));
    }
  }
}
