package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.Session;
import dev.janua.spi.OwnerRule;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The users aggregate of an {@link InMemoryStore}. */
final class MemoryUsers implements UserStore {
  private final MemoryState s;

  MemoryUsers(MemoryState state) {
    this.s = state;
  }

  @Override
  public void create(StoredUser user, AuditEvent event) {
    s.locked(() -> {
      if (s.userIdByEmail.containsKey(user.email())) {
        throw new ConflictException("email", "A user with this email already exists");
      }
      s.userIdByEmail.put(user.email(), user.id());
      s.usersById.put(user.id(), user);
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public void createWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    s.locked(() -> {
      if (s.sessions.containsKey(session.id()) || s.refreshTokens.containsKey(firstToken.tokenHash())) {
        throw new ConflictException("id", "A session or refresh token with this id already exists");
      }
      create(user, signup); // re-entrant lock: checks the email, writes user and event
      MemorySessions.insert(s, session, firstToken, signin);
      return null;
    });
  }

  @Override
  public Optional<StoredUser> findById(String userId) {
    return Optional.ofNullable(s.usersById.get(userId));
  }

  @Override
  public Optional<StoredUser> findByEmail(String normalizedEmail) {
    String id = s.userIdByEmail.get(normalizedEmail);
    return id == null ? Optional.empty() : findById(id);
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
    return s.locked(() -> {
      StoredUser user = s.usersById.get(userId);
      if (user == null || !user.passwordHash().equals(swap.expected())) {
        return false;
      }
      s.usersById.put(userId, user.withPasswordHash(swap.replacement(), now));
      return true;
    });
  }

  @Override
  public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
    return s.locked(() -> {
      StoredUser user = s.usersById.get(userId);
      if (user == null) {
        return -1;
      }
      s.usersById.put(userId, user.withPasswordHash(newHash, now));
      int revoked = s.revokeAllOf(userId, now);
      s.audit.add(event);
      return revoked;
    });
  }

  @Override
  public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    return s.locked(() -> {
      StoredUser user = s.usersById.get(userId);
      if (user == null) {
        return false;
      }
      s.usersById.put(userId, user.withEnabled(enabled, now));
      if (!enabled) {
        s.revokeAllOf(userId, now);
      }
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public boolean markEmailVerified(String userId, String email, Instant now, AuditEvent event) {
    return s.locked(() -> {
      StoredUser user = s.usersById.get(userId);
      if (user == null || !user.email().equals(email)) {
        return false;
      }
      if (!user.emailVerified()) {
        s.usersById.put(userId, user.withEmailVerified(now));
        s.audit.add(event);
      }
      return true;
    });
  }

  @Override
  public boolean updateName(String userId, @Nullable String name, Instant now, AuditEvent event) {
    return s.locked(() -> {
      StoredUser user = s.usersById.get(userId);
      if (user == null) {
        return false;
      }
      s.usersById.put(userId, new StoredUser(user.id(), user.email(), name, user.passwordHash(),
          user.enabled(), user.createdAt(), now, user.emailVerifiedAt()));
      s.audit.add(event);
      return true;
    });
  }

  @Override
  public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
    return s.locked(() -> {
      String userId = tombstone.id();
      StoredUser user = s.usersById.get(userId);
      if (user == null) {
        return UserDeletion.notFound();
      }
      for (Map<String, Membership> org : s.memberships.values()) {
        Membership m = org.get(userId);
        if (m != null && OwnerRule.isActiveOwner(m) && org.values().stream()
            .noneMatch(o -> OwnerRule.isActiveOwner(o) && !o.userId().equals(userId))) {
          return UserDeletion.lastOwner(m.organizationId());
        }
      }
      if (s.userIdByEmail.containsKey(tombstone.email())
          && !userId.equals(s.userIdByEmail.get(tombstone.email()))) {
        throw new ConflictException("email", "The tombstone address is taken");
      }
      s.memberships.values().forEach(org -> org.remove(userId));
      s.revokeAllOf(userId, now);
      s.accountTokens.values().removeIf(t -> t.userId().equals(userId));
      s.factors.values().removeIf(f -> f.userId().equals(userId));
      s.challenges.values().removeIf(c -> c.userId().equals(userId));
      s.recoveryCodes.remove(userId);
      s.passkeys.values().removeIf(p -> p.userId().equals(userId));
      s.userIdByEmail.remove(user.email());
      s.userIdByEmail.put(tombstone.email(), userId);
      s.usersById.put(userId, tombstone);
      s.audit.add(event);
      s.audit.replaceAll(e -> userId.equals(e.userId()) ? new AuditEvent(e.id(), e.type(),
          e.userId(), e.sessionId(), e.organizationId(), null, null, e.details(), e.createdAt())
          : e);
      return UserDeletion.deleted();
    });
  }
}
