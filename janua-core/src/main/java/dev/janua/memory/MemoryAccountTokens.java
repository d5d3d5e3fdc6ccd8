package dev.janua.memory;

import dev.janua.AuditEvent;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenPurpose;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.StoredUser;
import java.time.Instant;
import java.util.Optional;

/** The account tokens of an {@link InMemoryStore}. */
final class MemoryAccountTokens implements AccountTokenStore {
  private final MemoryState s;

  MemoryAccountTokens(MemoryState state) {
    this.s = state;
  }

  @Override
  public void issue(AccountToken token, AuditEvent event) {
    s.locked(() -> {
      if (!s.usersById.containsKey(token.userId())) {
        throw new dev.janua.NotFoundException("No such user");
      }
      s.deleteUnusedTokens(token.userId(), token.purpose());
      s.accountTokens.put(token.tokenHash(), token);
      s.audit.add(event);
      return null;
    });
  }

  @Override
  public Optional<AccountToken> find(String tokenHash) {
    return Optional.ofNullable(s.accountTokens.get(tokenHash));
  }

  /** The token if it can be spent for this purpose now; call under the lock. */
  private AccountToken usable(String tokenHash, AccountTokenPurpose purpose, Instant now) {
    AccountToken t = s.accountTokens.get(tokenHash);
    return t != null && t.purpose() == purpose && t.usableAt(now) ? t : null;
  }

  private void spend(AccountToken t, Instant now) {
    s.accountTokens.put(t.tokenHash(), new AccountToken(t.tokenHash(), t.purpose(), t.userId(),
        t.email(), t.createdAt(), t.expiresAt(), now));
  }

  @Override
  public AccountTokenOutcome resetPassword(String tokenHash, String newPasswordHash, Instant now,
      AuditEvent event) {
    return s.locked(() -> {
      AccountToken t = usable(tokenHash, AccountTokenPurpose.PASSWORD_RESET, now);
      StoredUser user = t == null ? null : s.usersById.get(t.userId());
      if (user == null) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      spend(t, now);
      s.usersById.put(user.id(), user.withPasswordHash(newPasswordHash, now));
      s.revokeAllOf(user.id(), now);
      s.audit.add(event);
      return AccountTokenOutcome.DONE;
    });
  }

  @Override
  public AccountTokenOutcome verifyEmail(String tokenHash, Instant now, AuditEvent event) {
    return s.locked(() -> {
      AccountToken t = usable(tokenHash, AccountTokenPurpose.EMAIL_VERIFICATION, now);
      StoredUser user = t == null ? null : s.usersById.get(t.userId());
      if (user == null) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      if (!user.email().equals(t.email())) {
        return AccountTokenOutcome.EMAIL_CHANGED;
      }
      spend(t, now);
      if (!user.emailVerified()) {
        s.usersById.put(user.id(), user.withEmailVerified(now));
      }
      s.audit.add(event);
      return AccountTokenOutcome.DONE;
    });
  }

  @Override
  public AccountTokenOutcome changeEmail(String tokenHash, Instant now, AuditEvent event) {
    return s.locked(() -> {
      AccountToken t = usable(tokenHash, AccountTokenPurpose.EMAIL_CHANGE, now);
      StoredUser user = t == null ? null : s.usersById.get(t.userId());
      if (user == null) {
        return AccountTokenOutcome.INVALID_TOKEN;
      }
      String owner = s.userIdByEmail.get(t.email());
      if (owner != null && !owner.equals(user.id())) {
        return AccountTokenOutcome.EMAIL_TAKEN;
      }
      spend(t, now);
      s.deleteUnusedTokens(user.id(), null);
      s.userIdByEmail.remove(user.email());
      s.userIdByEmail.put(t.email(), user.id());
      s.usersById.put(user.id(), new StoredUser(user.id(), t.email(), user.name(),
          user.passwordHash(), user.enabled(), user.createdAt(), now, now));
      s.audit.add(event);
      return AccountTokenOutcome.DONE;
    });
  }
}
