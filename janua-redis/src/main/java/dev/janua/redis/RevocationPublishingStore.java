package dev.janua.redis;

import dev.janua.AuditEvent;
import dev.janua.Session;
import dev.janua.redis.internal.RevocationEvent.Kind;
import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.PasswordHashSwap;
import dev.janua.spi.RefreshTokenRecord;
import dev.janua.spi.RefreshTokenRotation;
import dev.janua.spi.RotationOutcome;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserDeletion;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A store that publishes, after each write that ends sessions succeeded, a revocation for
 * verifiers: {@code sessions().revoke} (sign-out, session revocation, refresh-token reuse, RFC 7009
 * revocation) a session revocation; {@code sessions().revokeAll}, {@code users().changePassword},
 * {@code users().setEnabled(false)}, {@code users().delete} and {@code
 * accountTokens().resetPassword} a user revocation. Every call goes to the delegate
 * unchanged; reads and other writes are the delegate's.
 */
final class RevocationPublishingStore implements Store {
  private final Store delegate;
  private final UserStore users;
  private final SessionStore sessions;
  private final AccountTokenStore accountTokens;

  RevocationPublishingStore(Store delegate, RevocationPublisher publisher) {
    this.delegate = delegate;
    this.users = new Users(delegate.users(), publisher);
    this.sessions = new Sessions(delegate.sessions(), publisher);
    this.accountTokens = new AccountTokens(delegate.accountTokens(), publisher);
  }

  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }

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
    return delegate.organizations();
  }

  @Override
  public AuditStore audit() {
    return delegate.audit();
  }

  @Override
  public SigningKeyStore signingKeys() {
    return delegate.signingKeys();
  }

  /** The delegate's API tokens: verifiers never see API tokens, so nothing is published. */
  @Override
  public ApiTokenStore apiTokens() {
    return delegate.apiTokens();
  }

  /** The delegate's invitations: accepting one ends no session, so nothing is published. */
  @Override
  public dev.janua.spi.InvitationStore invitations() {
    return delegate.invitations();
  }

  /** The delegate's retention: it deletes only what has ended, so nothing is published. */
  @Override
  public dev.janua.spi.RetentionStore retention() {
    return delegate.retention();
  }

  /** The delegate's known devices: deleting them ends no session, so nothing is published. */
  @Override
  public dev.janua.spi.DeviceStore devices() {
    return delegate.devices();
  }

  @Override
  public dev.janua.spi.FactorStore factors() {
    return delegate.factors();
  }

  @Override
  public dev.janua.spi.PasskeyStore passkeys() {
    return delegate.passkeys();
  }

  private record Sessions(SessionStore d, RevocationPublisher publisher) implements SessionStore {
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
      boolean revoked = d.revoke(sessionId, now, event);
      if (revoked) {
        publisher.publish(Kind.SESSION, sessionId, now);
      }
      return revoked;
    }

    @Override
    public int revokeAll(String userId, Instant now, AuditEvent event) {
      int n = d.revokeAll(userId, now, event);
      publisher.publish(Kind.USER, userId, now);
      return n;
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

  private record Users(UserStore d, RevocationPublisher publisher) implements UserStore {
    @Override
    public void create(StoredUser user, AuditEvent event) {
      d.create(user, event);
    }

    @Override
    public void createWithSession(StoredUser user, AuditEvent signup, Session session,
        RefreshTokenRecord firstToken, AuditEvent signin) {
      d.createWithSession(user, signup, session, firstToken, signin);
    }

    @Override
    public Optional<StoredUser> findById(String userId) {
      return d.findById(userId);
    }

    @Override
    public Optional<StoredUser> findByEmail(String normalizedEmail) {
      return d.findByEmail(normalizedEmail);
    }

    @Override
    public Optional<StoredUser> findCredentialsById(String userId) {
      return d.findCredentialsById(userId);
    }

    @Override
    public Optional<StoredUser> findCredentialsByEmail(String normalizedEmail) {
      return d.findCredentialsByEmail(normalizedEmail);
    }

    @Override
    public boolean replacePasswordHash(String userId, PasswordHashSwap swap, Instant now) {
      return d.replacePasswordHash(userId, swap, now);
    }

    @Override
    public int changePassword(String userId, String newHash, Instant now, AuditEvent event) {
      int n = d.changePassword(userId, newHash, now, event);
      if (n >= 0) {
        publisher.publish(Kind.USER, userId, now);
      }
      return n;
    }

    @Override
    public boolean markEmailVerified(String userId, String email, Instant now, AuditEvent event) {
      return d.markEmailVerified(userId, email, now, event);
    }

    @Override
    public boolean setEnabled(String userId, boolean enabled, Instant now, AuditEvent event) {
      boolean exists = d.setEnabled(userId, enabled, now, event);
      if (exists && !enabled) {
        publisher.publish(Kind.USER, userId, now);
      }
      return exists;
    }

    @Override
    public boolean updateName(String userId, @Nullable String name, Instant now,
        AuditEvent event) {
      return d.updateName(userId, name, now, event);
    }

    @Override
    public UserDeletion delete(StoredUser tombstone, Instant now, AuditEvent event) {
      UserDeletion outcome = d.delete(tombstone, now, event);
      if (outcome.result() == UserDeletion.Result.DELETED) {
        publisher.publish(Kind.USER, tombstone.id(), now);
      }
      return outcome;
    }
  }

  /** A password reset revokes every session of the token's user: published like a password change. */
  private record AccountTokens(AccountTokenStore d, RevocationPublisher publisher)
      implements AccountTokenStore {
    @Override
    public void issue(AccountToken token, AuditEvent event) {
      d.issue(token, event);
    }

    @Override
    public Optional<AccountToken> find(String tokenHash) {
      return d.find(tokenHash);
    }

    @Override
    public AccountTokenOutcome resetPassword(String tokenHash, String newPasswordHash,
        Instant now, AuditEvent event) {
      Optional<AccountToken> token = d.find(tokenHash);
      AccountTokenOutcome outcome = d.resetPassword(tokenHash, newPasswordHash, now, event);
      if (outcome == AccountTokenOutcome.DONE) {
        token.ifPresent(t -> publisher.publish(Kind.USER, t.userId(), now));
      }
      return outcome;
    }

    @Override
    public AccountTokenOutcome verifyEmail(String tokenHash, Instant now, AuditEvent event) {
      return d.verifyEmail(tokenHash, now, event);
    }

    @Override
    public AccountTokenOutcome changeEmail(String tokenHash, Instant now, AuditEvent event) {
      return d.changeEmail(tokenHash, now, event);
    }
  }
}
