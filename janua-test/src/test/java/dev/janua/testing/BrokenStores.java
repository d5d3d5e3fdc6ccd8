package dev.janua.testing;

import dev.janua.AuditEvent;
import dev.janua.AuditEventType;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.Session;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.ApiTokenRecord;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.MemberPosition;
import dev.janua.spi.MembershipChange;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.OwnerRule;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredSigningKey;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Stores with the bugs the concurrent contract cases exist to catch: checks and writes in two
 * steps with a pause between them (so that racing calls all pass the check), and a rotation whose
 * losers write an event. Everything else is the in-memory store.
 */
final class BrokenStores {
  private static final long PAUSE_MILLIS = 50;

  private BrokenStores() {}

  static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The in-memory store with some aggregates replaced. */
  static final class Patched implements Store {
    final InMemoryStore base = new InMemoryStore();
    UserStore users = base.users();
    SessionStore sessions = base.sessions();
    OrganizationStore organizations = base.organizations();
    SigningKeyStore signingKeys = base.signingKeys();
    ApiTokenStore apiTokens = base.apiTokens();

    @Override
    public UserStore users() {
      return users;
    }

    @Override
    public SessionStore sessions() {
      return sessions;
    }

    @Override
    public OrganizationStore organizations() {
      return organizations;
    }

    @Override
    public AuditStore audit() {
      return base.audit();
    }

    @Override
    public SigningKeyStore signingKeys() {
      return signingKeys;
    }

    @Override
    public ApiTokenStore apiTokens() {
      return apiTokens;
    }

    @Override
    public AccountTokenStore accountTokens() {
      return base.accountTokens();
    }

    @Override
    public dev.janua.spi.InvitationStore invitations() {
      return base.invitations();
    }

    @Override
    public dev.janua.spi.RetentionStore retention() {
      return base.retention();
    }

    @Override
    public dev.janua.spi.DeviceStore devices() {
      return base.devices();
    }

    @Override
    public dev.janua.spi.FactorStore factors() {
      return base.factors();
    }

    @Override
    public dev.janua.spi.PasskeyStore passkeys() {
      return base.passkeys();
    }
  }

  /** {@code last_used_at} checked, then (after a pause) written: racing uses all write. */
  static Patched checkThenWriteTouches() {
    Patched p = new Patched();
    ApiTokenStore real = p.base.apiTokens();
    p.apiTokens = new ApiTokenStore() {
      @Override
      public void create(ApiTokenRecord token, AuditEvent event) {
        real.create(token, event);
      }

      @Override
      public Optional<ApiTokenRecord> find(String id) {
        return real.find(id);
      }

      @Override
      public Optional<ApiTokenRecord> findByHash(String tokenHash) {
        return real.findByHash(tokenHash);
      }

      @Override
      public List<ApiTokenRecord> listOf(String userId) {
        return real.listOf(userId);
      }

      @Override
      public boolean revoke(String id, String userId, Instant now, AuditEvent event) {
        return real.revoke(id, userId, now, event);
      }

      @Override
      public boolean touch(String id, Instant now, Instant notAfter) {
        ApiTokenRecord t = real.find(id).orElse(null);
        if (t == null || (t.lastUsedAt() != null && t.lastUsedAt().isAfter(notAfter))) {
          return false;
        }
        pause();
        return real.touch(id, now, now);
      }
    };
    return p;
  }

  /** Email uniqueness checked, then (after a pause) written: racing signups all win. */
  static Patched checkThenWriteUsers() {
    Patched p = new Patched();
    Map<String, StoredUser> byId = new ConcurrentHashMap<>();
    Map<String, String> idByEmail = new ConcurrentHashMap<>();
    p.users = new UserStore() {
      @Override
      public void create(StoredUser user, AuditEvent event) {
        if (idByEmail.containsKey(user.email())) {
          throw new ConflictException("email", "taken");
        }
        pause();
        idByEmail.put(user.email(), user.id());
        byId.put(user.id(), user);
        p.base.audit().append(event);
      }

      @Override
      public void createWithSession(StoredUser user, AuditEvent signup, Session session,
          RefreshTokenRecord firstToken, AuditEvent signin) {
        create(user, signup);
        p.base.sessions().create(session, firstToken, signin);
      }

      @Override
      public Optional<StoredUser> findById(String userId) {
        return Optional.ofNullable(byId.get(userId));
      }

      @Override
      public Optional<StoredUser> findByEmail(String normalizedEmail) {
        String id = idByEmail.get(normalizedEmail);
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
        throw new UnsupportedOperationException();
      }

      @Override
      public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean markEmailVerified(String userId, String email, Instant now,
          AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean updateName(String userId, String name, Instant now, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
        throw new UnsupportedOperationException();
      }
    };
    return p;
  }

  /**
   * "No active key yet?" asked, then (after a pause) each caller stores its own candidate; "is the
   * newest key still the one I expect?" asked, then (after a pause) each caller stages a rotation.
   */
  static Patched checkThenWriteKeys() {
    Patched p = new Patched();
    SigningKeyStore keys = p.base.signingKeys();
    p.signingKeys = new SigningKeyStore() {
      @Override
      public StoredSigningKey activeKey(StoredSigningKey candidate) {
        Optional<StoredSigningKey> active = keys.all().stream().filter(k -> k.retiredAt() == null).findFirst();
        if (active.isPresent()) {
          return active.get();
        }
        pause();
        keys.rotate(candidate, candidate.createdAt());
        return candidate;
      }

      @Override
      public List<StoredSigningKey> all() {
        return keys.all();
      }

      @Override
      public void rotate(StoredSigningKey next, Instant now) {
        keys.rotate(next, now);
      }

      /** Opens once two callers have checked: the race happens however threads are scheduled. */
      private final java.util.concurrent.CountDownLatch twoChecked =
          new java.util.concurrent.CountDownLatch(2);

      @Override
      public boolean stageRotation(String expectedNewestKid, StoredSigningKey next) {
        // Checks, waits for a second checker, then writes on whatever is newest by then: racers
        // all stage.
        if (keys.all().stream().noneMatch(k -> k.retiredAt() == null
            && k.kid().equals(expectedNewestKid))) {
          return false;
        }
        twoChecked.countDown();
        try {
          twoChecked.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        String newest = keys.all().stream().filter(k -> k.retiredAt() == null).findFirst()
            .orElseThrow().kid();
        return keys.stageRotation(newest, next);
      }

      @Override
      public int deleteRetiredBefore(Instant cutoff) {
        return keys.deleteRetiredBefore(cutoff);
      }

      @Override
      public boolean delete(String kid) {
        return keys.delete(kid);
      }
    };
    return p;
  }

  /** "Is there another active owner?" asked, then (after a pause) the change is written. */
  static Patched checkThenWriteOwners() {
    Patched p = new Patched();
    Map<String, Map<String, Membership>> members = new ConcurrentHashMap<>();
    p.organizations = new OrganizationStore() {
      private Map<String, Membership> of(String orgId) {
        return members.computeIfAbsent(orgId, k -> new ConcurrentHashMap<>());
      }

      private boolean anotherOwner(String orgId, String userId) {
        return of(orgId).values().stream()
            .anyMatch(m -> OwnerRule.isActiveOwner(m) && !m.userId().equals(userId));
      }

      private MembershipChange guarded(String orgId, String userId, boolean losesOwner,
          Runnable write, AuditEvent event) {
        Membership m = of(orgId).get(userId);
        if (m == null) {
          return MembershipChange.NOT_FOUND;
        }
        if (losesOwner && !anotherOwner(orgId, userId)) {
          return MembershipChange.LAST_OWNER;
        }
        pause();
        write.run();
        p.base.audit().append(event);
        return MembershipChange.DONE;
      }

      @Override
      public void create(Organization organization, Membership owner, AuditEvent event) {
        of(organization.id()).put(owner.userId(), owner);
        p.base.audit().append(event);
      }

      @Override
      public void addMember(Membership membership, AuditEvent event) {
        of(membership.organizationId()).put(membership.userId(), membership);
        p.base.audit().append(event);
      }

      @Override
      public MembershipChange changeRole(Membership changed, String expectedRole, AuditEvent event) {
        Membership old = of(changed.organizationId()).get(changed.userId());
        return guarded(changed.organizationId(), changed.userId(),
            old != null && OwnerRule.losesOwner(old, changed.role()),
            () -> of(changed.organizationId()).put(changed.userId(), old.withRole(changed.role())), event);
      }

      @Override
      public MembershipChange setStatus(String organizationId, String userId,
          MembershipStatus status, AuditEvent event) {
        Membership old = of(organizationId).get(userId);
        return guarded(organizationId, userId,
            old != null && OwnerRule.isActiveOwner(old) && status != MembershipStatus.ACTIVE,
            () -> of(organizationId).put(userId, old.withStatus(status)), event);
      }

      @Override
      public MembershipChange removeMember(String organizationId, String userId, AuditEvent event) {
        Membership old = of(organizationId).get(userId);
        return guarded(organizationId, userId, old != null && OwnerRule.losesOwner(old, null),
            () -> of(organizationId).remove(userId), event);
      }

      @Override
      public List<Membership> members(String organizationId) {
        return List.copyOf(of(organizationId).values());
      }

      @Override
      public Optional<Organization> find(String organizationId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<Membership> findMembership(String organizationId, String userId) {
        return Optional.ofNullable(of(organizationId).get(userId));
      }

      @Override
      public List<Membership> membershipsOf(String userId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void createRole(Role role, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<Role> findRole(String organizationId, String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Role> roles(String organizationId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean updateOrganization(Organization updated, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Membership> deleteOrganization(String organizationId, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean updateRole(Role updated, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<List<Membership>> deleteRole(String organizationId, String name,
          String fallbackRole, AuditEvent event) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Membership> membersPage(String organizationId,
          @Nullable MemberPosition after, int limit) {
        throw new UnsupportedOperationException();
      }
    };
    return p;
  }

  /** Rotation as the in-memory store does it, but a caller that lost the race records a refresh. */
  static Patched losersRecordARefresh() {
    Patched p = new Patched();
    p.sessions = new DelegatingSessions(p.base.sessions()) {
      @Override
      public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now,
          AuditEvent event) {
        RotationOutcome out = d.rotateRefreshToken(rotation, now, event);
        if (out instanceof RotationOutcome.AlreadySpent spent) {
          p.base.audit().append(new AuditEvent(Fixtures.id(), AuditEventType.TOKEN_REFRESHED,
              spent.userId(), spent.sessionId(), null, null, null, Map.of(), now));
        }
        return out;
      }
    };
    return p;
  }

  /**
   * Rotation that keeps the sealed successor in a second step, after a pause: a duplicate that
   * arrives in between finds the token spent without a successor to share.
   */
  static Patched sealsAfterSpending() {
    Patched p = new Patched();
    Map<String, String> sealed = new ConcurrentHashMap<>();
    p.sessions = new DelegatingSessions(p.base.sessions()) {
      @Override
      public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now,
          AuditEvent event) {
        RotationOutcome out = d.rotateRefreshToken(new RefreshTokenRotation(rotation.spentHash(),
            rotation.successorHash(), rotation.successorExpiresAt()), now, event);
        if (out instanceof RotationOutcome.Rotated && rotation.sealedSuccessor() != null) {
          pause();
          sealed.put(rotation.spentHash(), rotation.sealedSuccessor());
        }
        if (out instanceof RotationOutcome.AlreadySpent a) {
          return new RotationOutcome.AlreadySpent(a.sessionId(), a.userId(), a.spentAt(),
              sealed.get(rotation.spentHash()), a.successorSpent());
        }
        return out;
      }
    };
    return p;
  }

  /** Every call through to {@code d}; a broken store overrides what it breaks. */
  abstract static class DelegatingSessions implements SessionStore {
    final SessionStore d;

    DelegatingSessions(SessionStore d) {
      this.d = d;
    }

    @Override
    public boolean create(Session session, RefreshTokenRecord firstToken, AuditEvent event) {
      return d.create(session, firstToken, event);
    }

    @Override
    public Optional<Session> find(String sessionId) {
      return d.find(sessionId);
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
      return d.findRefreshToken(tokenHash);
    }

    @Override
    public List<Session> live(String userId, Instant now) {
      return d.live(userId, now);
    }

    @Override
    public boolean revoke(String sessionId, Instant now, AuditEvent event) {
      return d.revoke(sessionId, now, event);
    }

    @Override
    public int revokeAll(String userId, Instant now, AuditEvent event) {
      return d.revokeAll(userId, now, event);
    }

    @Override
    public RotationOutcome rotateRefreshToken(RefreshTokenRotation rotation, Instant now,
        AuditEvent event) {
      return d.rotateRefreshToken(rotation, now, event);
    }

    @Override
    public boolean switchOrganization(@Nullable String organizationId, RefreshTokenRecord token,
        Instant now, AuditEvent event) {
      return d.switchOrganization(organizationId, token, now, event);
    }

    @Override
    public Optional<String> activeOrganization(String sessionId) {
      return d.activeOrganization(sessionId);
    }

    @Override
    public boolean reauthenticate(List<String> amr, Instant authTime, RefreshTokenRecord token,
        Instant now, AuditEvent event) {
      return d.reauthenticate(amr, authTime, token, now, event);
    }
  }
}
