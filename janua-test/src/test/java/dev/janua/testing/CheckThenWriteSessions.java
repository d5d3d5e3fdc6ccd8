package dev.janua.testing;

import dev.janua.AuditEvent;
import dev.janua.Session;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.SessionStore;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A store whose session creation checks that the user is enabled and then, after a pause, writes
 * the session: a disable that lands in between revokes the sessions there are and leaves the new
 * one live. The in-memory store for everything else (the enabled flag kept beside it).
 */
final class CheckThenWriteSessions {
  private CheckThenWriteSessions() {}

  static BrokenStores.Patched store() {
    BrokenStores.Patched p = new BrokenStores.Patched();
    UserStore users = p.base.users();
    SessionStore sessions = p.base.sessions();
    Set<String> disabled = ConcurrentHashMap.newKeySet();
    p.users = new UserStore() {
      private Optional<StoredUser> withFlag(Optional<StoredUser> u) {
        return u.map(x -> x.withEnabled(!disabled.contains(x.id()), x.updatedAt()));
      }

      @Override
      public void create(StoredUser user, AuditEvent event) {
        users.create(user, event);
      }

      @Override
      public void createWithSession(StoredUser user, AuditEvent signup, Session session,
          RefreshTokenRecord firstToken, AuditEvent signin) {
        users.createWithSession(user, signup, session, firstToken, signin);
      }

      @Override
      public Optional<StoredUser> findById(String userId) {
        return withFlag(users.findById(userId));
      }

      @Override
      public Optional<StoredUser> findByEmail(String normalizedEmail) {
        return withFlag(users.findByEmail(normalizedEmail));
      }

      @Override
      public Optional<StoredUser> findCredentialsById(String userId) {
        return findById(userId);
      }

      @Override
      public Optional<StoredUser> findCredentialsByEmail(String normalizedEmail) {
        return findByEmail(normalizedEmail);
      }

      @Override
      public boolean replacePasswordHash(String userId, PasswordHashSwap swap, Instant now) {
        return users.replacePasswordHash(userId, swap, now);
      }

      @Override
      public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
        return users.changePassword(userId, newHash, now, event);
      }

      @Override
      public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
        if (users.findById(userId).isEmpty()) {
          return false;
        }
        if (enabled) {
          disabled.remove(userId);
          p.base.audit().append(event);
        } else {
          disabled.add(userId);
          sessions.revokeAll(userId, now, event);
        }
        return true;
      }

      @Override
      public boolean markEmailVerified(String userId, String email, Instant now,
          AuditEvent event) {
        return users.markEmailVerified(userId, email, now, event);
      }

      @Override
      public boolean updateName(String userId, @Nullable String name, Instant now,
          AuditEvent event) {
        return users.updateName(userId, name, now, event);
      }

      @Override
      public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
        return users.delete(tombstone, now, event);
      }
    };
    p.sessions = new BrokenStores.DelegatingSessions(sessions) {
      @Override
      public boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
        if (disabled.contains(session.userId())) {
          return false;
        }
        BrokenStores.pause();
        return d.create(session, firstToken, event);
      }
    };
    return p;
  }
}
