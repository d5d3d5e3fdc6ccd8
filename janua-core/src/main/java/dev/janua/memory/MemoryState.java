package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.Membership;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.AccountToken;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The data of one {@link InMemoryStore}, shared by its aggregates, and the one write lock. */
final class MemoryState {
  private final ReentrantLock writeLock = new ReentrantLock();

  final Map<String, StoredUser> usersById = new ConcurrentHashMap<>();
  final Map<String, String> userIdByEmail = new ConcurrentHashMap<>();
  final Map<String, Session> sessions = new ConcurrentHashMap<>();
  final Map<String, TokenRow> refreshTokens = new ConcurrentHashMap<>();
  final Map<String, Organization> organizations = new ConcurrentHashMap<>();
  final Map<String, String> organizationIdBySlug = new ConcurrentHashMap<>();
  // organization id -> user id -> membership: two plain lookups on the permission-check path
  final Map<String, Map<String, Membership>> memberships = new ConcurrentHashMap<>();
  final Map<RoleKey, Role> roles = new ConcurrentHashMap<>();
  // session id -> its active organization (switchOrganization)
  final Map<String, String> activeOrganizations = new ConcurrentHashMap<>();
  final Map<String, ApiTokenRecord> apiTokens = new ConcurrentHashMap<>();
  final Map<String, String> apiTokenIdByHash = new ConcurrentHashMap<>();
  final List<AuditEvent> audit = new ArrayList<>(); // guarded by writeLock, oldest first
  final List<StoredSigningKey> signingKeys = new ArrayList<>(); // guarded, oldest first
  final Map<String, AccountToken> accountTokens = new ConcurrentHashMap<>(); // by token hash
  final Map<String, dev.janua.spi.DeviceRecord> devices = new ConcurrentHashMap<>(); // by hash
  final Map<String, dev.janua.spi.FactorRecord> factors = new ConcurrentHashMap<>(); // by id
  final Map<String, dev.janua.spi.MfaChallengeRecord> challenges =
      new ConcurrentHashMap<>(); // by hash
  // user id -> hashes of unused recovery codes; guarded by writeLock
  final Map<String, java.util.Set<String>> recoveryCodes = new java.util.HashMap<>();
  final Map<String, dev.janua.spi.PasskeyRecord> passkeys = new ConcurrentHashMap<>(); // by id
  // challenge hash -> challenge; guarded by writeLock
  final Map<String, dev.janua.spi.PasskeyChallenge> passkeyChallenges = new java.util.HashMap<>();

  /** Runs a write (or a read of the guarded lists) under the store's lock; re-entrant. */
  <T extends @Nullable Object> T locked(Supplier<T> action) {
    writeLock.lock();
    try {
      return action.get();
    } finally {
      writeLock.unlock();
    }
  }

  /** Revokes every live session of the user, and deletes the user's devices; under the lock. */
  int revokeAllOf(String userId, Instant now) {
    devices.values().removeIf(d -> d.userId().equals(userId));
    int revoked = 0;
    for (Session s : sessions.values()) {
      if (s.userId().equals(userId) && s.revokedAt() == null) {
        sessions.put(s.id(), s.revoked(now));
        revoked++;
      }
    }
    return revoked;
  }

  /** Deletes the user's unused account tokens (of one purpose, or all with null); under the lock. */
  void deleteUnusedTokens(String userId, dev.janua.spi.@Nullable AccountTokenPurpose purpose) {
    accountTokens.values().removeIf(t -> t.userId().equals(userId) && t.usedAt() == null
        && (purpose == null || t.purpose() == purpose));
  }

  record RoleKey(String organizationId, String name) {}

  record TokenRow(RefreshTokenRecord token, @Nullable Instant spentAt,
      @Nullable String successorHash) {
    /** A live token. */
    TokenRow(RefreshTokenRecord token) {
      this(token, null, null);
    }
  }
}
