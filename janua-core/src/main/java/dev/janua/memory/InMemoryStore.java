package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.AuditQuery;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Store} in this process's memory: the embedded default and the store of test suites.
 * Reads are lock-free; every write takes one lock, so each operation is atomic as the SPI demands.
 * Nothing survives a restart, and instances do not share anything.
 */
public final class InMemoryStore implements Store {
  private final ReentrantLock writeLock = new ReentrantLock();

  private final Map<String, StoredUser> usersById = new ConcurrentHashMap<>();
  private final Map<String, String> userIdByEmail = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, TokenRow> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
  private final Map<String, String> organizationIdBySlug = new ConcurrentHashMap<>();
  // organization id -> user id -> membership: two plain lookups on the permission-check path
  private final Map<String, Map<String, Membership>> memberships = new ConcurrentHashMap<>();
  private final Map<MemberKey, Role> roles = new ConcurrentHashMap<>();
  private final List<AuditEvent> audit = new ArrayList<>(); // guarded by writeLock, oldest first
  private final List<StoredSigningKey> signingKeys = new ArrayList<>(); // guarded, oldest first

  // ---- users ----

  @Override
  public void createUser(StoredUser user, AuditEvent event) {
    locked(() -> {
      if (userIdByEmail.containsKey(user.email())) {
        throw new ConflictException("email", "A user with this email already exists");
      }
      userIdByEmail.put(user.email(), user.id());
      usersById.put(user.id(), user);
      audit.add(event);
      return null;
    });
  }

  @Override
  public void createUserWithSession(StoredUser user, AuditEvent signup, Session session,
      RefreshTokenRecord firstToken, AuditEvent signin) {
    locked(() -> {
      if (sessions.containsKey(session.id()) || refreshTokens.containsKey(firstToken.tokenHash())) {
        throw new ConflictException("id", "A session or refresh token with this id already exists");
      }
      createUser(user, signup); // re-entrant lock: checks the email, writes user and event
      createSession(session, firstToken, signin);
      return null;
    });
  }

  @Override
  public Optional<StoredUser> findUserById(String userId) {
    return Optional.ofNullable(usersById.get(userId));
  }

  @Override
  public Optional<StoredUser> findUserByEmail(String normalizedEmail) {
    String id = userIdByEmail.get(normalizedEmail);
    return id == null ? Optional.empty() : findUserById(id);
  }

  @Override
  public boolean replacePasswordHash(String userId, String expectedHash, String newHash, Instant now) {
    return locked(() -> {
      StoredUser user = usersById.get(userId);
      if (user == null || !user.passwordHash().equals(expectedHash)) {
        return false;
      }
      usersById.put(userId, user.withPasswordHash(newHash, now));
      return true;
    });
  }

  @Override
  public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
    return locked(() -> {
      StoredUser user = usersById.get(userId);
      if (user == null) {
        return -1;
      }
      usersById.put(userId, user.withPasswordHash(newHash, now));
      int revoked = revokeAllOf(userId, now);
      audit.add(event);
      return revoked;
    });
  }

  @Override
  public boolean setUserEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
    return locked(() -> {
      StoredUser user = usersById.get(userId);
      if (user == null) {
        return false;
      }
      usersById.put(userId, user.withEnabled(enabled, now));
      if (!enabled) {
        revokeAllOf(userId, now);
      }
      audit.add(event);
      return true;
    });
  }

  // ---- sessions ----

  @Override
  public void createSession(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
    locked(() -> {
      if (sessions.containsKey(session.id()) || refreshTokens.containsKey(firstToken.tokenHash())) {
        throw new ConflictException("id", "A session or refresh token with this id already exists");
      }
      sessions.put(session.id(), session);
      refreshTokens.put(firstToken.tokenHash(), new TokenRow(firstToken, null));
      audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Session> findSession(String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId));
  }

  @Override
  public List<Session> liveSessions(String userId, Instant now) {
    return sessions.values().stream()
        .filter(s -> s.userId().equals(userId) && s.isLive(now))
        .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed())
        .toList();
  }

  @Override
  public boolean revokeSession(String sessionId, Instant now, AuditEvent event) {
    return locked(() -> {
      Session s = sessions.get(sessionId);
      if (s == null || s.revokedAt() != null) {
        return false;
      }
      sessions.put(sessionId, s.revoked(now));
      audit.add(event);
      return true;
    });
  }

  @Override
  public int revokeUserSessions(String userId, Instant now, AuditEvent event) {
    return locked(() -> {
      int revoked = revokeAllOf(userId, now);
      audit.add(event);
      return revoked;
    });
  }

  private int revokeAllOf(String userId, Instant now) {
    int revoked = 0;
    for (Session s : sessions.values()) {
      if (s.userId().equals(userId) && s.revokedAt() == null) {
        sessions.put(s.id(), s.revoked(now));
        revoked++;
      }
    }
    return revoked;
  }

  @Override
  public RotationOutcome rotateRefreshToken(String spentHash, String successorHash,
      Instant successorExpiresAt, Instant now, AuditEvent event) {
    return locked(() -> {
      TokenRow row = refreshTokens.get(spentHash);
      if (row == null) {
        return new RotationOutcome.Unknown();
      }
      RefreshTokenRecord token = row.token();
      if (row.spentAt() != null) {
        return new RotationOutcome.AlreadySpent(token.sessionId(), token.userId(), row.spentAt());
      }
      Session session = sessions.get(token.sessionId());
      if (session == null || !session.isLive(now)) {
        return new RotationOutcome.SessionEnded(token.sessionId());
      }
      if (!now.isBefore(token.expiresAt())) {
        return new RotationOutcome.Expired(token.sessionId());
      }
      Instant expiry = successorExpiresAt.isBefore(session.expiresAt())
          ? successorExpiresAt : session.expiresAt();
      RefreshTokenRecord successor =
          new RefreshTokenRecord(successorHash, session.id(), session.userId(), now, expiry);
      refreshTokens.put(spentHash, new TokenRow(token, now));
      refreshTokens.put(successorHash, new TokenRow(successor, null));
      Session used = session.usedAt(now);
      sessions.put(session.id(), used);
      audit.add(event.withSubject(session.userId(), session.id()));
      return new RotationOutcome.Rotated(used, successor);
    });
  }

  // ---- organizations ----

  @Override
  public void createOrganization(Organization organization, Membership owner, AuditEvent event) {
    locked(() -> {
      if (organizationIdBySlug.containsKey(organization.slug())) {
        throw new ConflictException("slug", "An organization with this slug already exists");
      }
      organizationIdBySlug.put(organization.slug(), organization.id());
      organizations.put(organization.id(), organization);
      putMembership(owner);
      audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Organization> findOrganization(String organizationId) {
    return Optional.ofNullable(organizations.get(organizationId));
  }

  @Override
  public Optional<Membership> findMembership(String organizationId, String userId) {
    Map<String, Membership> org = memberships.get(organizationId);
    return org == null ? Optional.empty() : Optional.ofNullable(org.get(userId));
  }

  @Override
  public List<Membership> members(String organizationId) {
    return memberships.getOrDefault(organizationId, Map.of()).values().stream()
        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(Membership::userId))
        .toList();
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    return memberships.values().stream()
        .map(org -> org.get(userId))
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(Membership::organizationId))
        .toList();
  }

  @Override
  public void addMember(Membership membership, AuditEvent event) {
    locked(() -> {
      if (findMembership(membership.organizationId(), membership.userId()).isPresent()) {
        throw new ConflictException("user_id", "The user already is a member of this organization");
      }
      putMembership(membership);
      audit.add(event);
      return null;
    });
  }

  @Override
  public boolean updateMembership(Membership membership, AuditEvent event) {
    return locked(() -> {
      Membership old = findMembership(membership.organizationId(), membership.userId()).orElse(null);
      if (old == null) {
        return false;
      }
      putMembership(new Membership(old.organizationId(), old.userId(), membership.role(),
          membership.status(), old.joinedAt()));
      audit.add(event);
      return true;
    });
  }

  @Override
  public boolean removeMember(String organizationId, String userId, AuditEvent event) {
    return locked(() -> {
      Map<String, Membership> org = memberships.get(organizationId);
      if (org == null || org.remove(userId) == null) {
        return false;
      }
      audit.add(event);
      return true;
    });
  }

  private void putMembership(Membership m) {
    memberships.computeIfAbsent(m.organizationId(), k -> new ConcurrentHashMap<>()).put(m.userId(), m);
  }

  @Override
  public void createRole(Role role, AuditEvent event) {
    locked(() -> {
      MemberKey key = new MemberKey(role.organizationId(), role.name());
      if (roles.containsKey(key)) {
        throw new ConflictException("name", "The organization already has a role with this name");
      }
      roles.put(key, role);
      audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<Role> findRole(String organizationId, String name) {
    return Optional.ofNullable(roles.get(new MemberKey(organizationId, name)));
  }

  @Override
  public List<Role> roles(String organizationId) {
    return roles.values().stream()
        .filter(r -> r.organizationId().equals(organizationId))
        .sorted(Comparator.comparing(Role::name))
        .toList();
  }

  // ---- audit ----

  @Override
  public void appendAudit(AuditEvent event) {
    locked(() -> audit.add(Objects.requireNonNull(event, "event")));
  }

  @Override
  public List<AuditEvent> auditEvents(AuditQuery query) {
    return locked(() -> {
      List<AuditEvent> out = new ArrayList<>();
      // Newest first: by time, ties broken by recording order (later first).
      List<AuditEvent> ordered = new ArrayList<>(audit);
      java.util.Collections.reverse(ordered);
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

  // ---- signing keys ----

  @Override
  public StoredSigningKey activeSigningKey(StoredSigningKey candidate) {
    return locked(() -> {
      for (StoredSigningKey k : signingKeys) {
        if (k.retiredAt() == null) {
          return k;
        }
      }
      signingKeys.add(candidate);
      return candidate;
    });
  }

  @Override
  public List<StoredSigningKey> signingKeys() {
    return locked(() -> {
      List<StoredSigningKey> out = new ArrayList<>(signingKeys);
      java.util.Collections.reverse(out);
      return out;
    });
  }

  @Override
  public void rotateSigningKey(StoredSigningKey next, Instant now) {
    locked(() -> {
      signingKeys.replaceAll(k -> k.retiredAt() == null
          ? new StoredSigningKey(k.kid(), k.algorithm(), k.privateKeyDer(), k.publicKeyDer(),
              k.createdAt(), now)
          : k);
      signingKeys.add(next);
      return null;
    });
  }

  private <T> T locked(java.util.function.Supplier<T> action) {
    writeLock.lock();
    try {
      return action.get();
    } finally {
      writeLock.unlock();
    }
  }

  private record MemberKey(String a, String b) {}

  private record TokenRow(RefreshTokenRecord token, Instant spentAt) {}
}
