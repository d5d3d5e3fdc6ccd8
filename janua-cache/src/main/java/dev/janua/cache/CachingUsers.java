package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.Session;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The users aggregate of a {@link CachingStore}. */
final class CachingUsers implements UserStore {
  private final UserStore delegate;
  private final TieredCache cache;

  CachingUsers(UserStore delegate, TieredCache cache) {
    this.delegate = delegate;
    this.cache = cache;
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

  @Override
  public Optional<StoredUser> findById(String userId) {
    return cache.get(CacheKeys.user(userId), CacheDataType.USER_PROFILE,
        () -> delegate.findById(userId));
  }

  @Override
  public Optional<StoredUser> findByEmail(String normalizedEmail) {
    Optional<String> id = cache.get(CacheKeys.email(normalizedEmail), CacheDataType.USER_PROFILE,
        () -> delegate.findByEmail(normalizedEmail).map(StoredUser::id));
    return id.flatMap(this::findById);
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
}
