package dev.janua.cache;

import dev.janua.AuditEvent;
import dev.janua.cache.internal.CacheKeys;
import dev.janua.spi.AccountToken;
import dev.janua.spi.AccountTokenOutcome;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The account tokens of a {@link CachingStore}: never cached (each is read once or twice), passed
 * through to the delegate. Spending one changes its user, so the user's entries are dropped
 * whatever the outcome: by id, by email (old and new address for an email change) and, for a
 * password reset, the user's sessions.
 */
final class CachingAccountTokens implements AccountTokenStore {
  private final AccountTokenStore delegate;
  private final UserStore users;
  private final TieredCache cache;

  /**
   * @param users the delegate's users (uncached), to learn the keys a change drops
   */
  CachingAccountTokens(AccountTokenStore delegate, UserStore users, TieredCache cache) {
    this.delegate = delegate;
    this.users = users;
    this.cache = cache;
  }

  @Override
  public void issue(AccountToken token, AuditEvent event) {
    delegate.issue(token, event);
  }

  @Override
  public Optional<AccountToken> find(String tokenHash) {
    return delegate.find(tokenHash);
  }

  @Override
  public AccountTokenOutcome resetPassword(String tokenHash, String newPasswordHash, Instant now,
      AuditEvent event) {
    Optional<AccountToken> t = delegate.find(tokenHash);
    try {
      return delegate.resetPassword(tokenHash, newPasswordHash, now, event);
    } finally {
      t.ifPresent(token -> cache.invalidateAll(List.of(CacheKeys.user(token.userId())),
          List.of(CacheKeys.userSessionsPrefix(token.userId()))));
    }
  }

  @Override
  public AccountTokenOutcome verifyEmail(String tokenHash, Instant now, AuditEvent event) {
    Optional<AccountToken> t = delegate.find(tokenHash);
    try {
      return delegate.verifyEmail(tokenHash, now, event);
    } finally {
      t.ifPresent(token -> cache.invalidate(CacheKeys.user(token.userId())));
    }
  }

  @Override
  public AccountTokenOutcome changeEmail(String tokenHash, Instant now, AuditEvent event) {
    Optional<AccountToken> t = delegate.find(tokenHash);
    Optional<String> oldEmail = t.flatMap(token -> users.findById(token.userId()))
        .map(StoredUser::email);
    try {
      return delegate.changeEmail(tokenHash, now, event);
    } finally {
      t.ifPresent(token -> {
        List<String> keys = new ArrayList<>(List.of(CacheKeys.user(token.userId()),
            CacheKeys.email(token.email())));
        oldEmail.ifPresent(e -> keys.add(CacheKeys.email(e)));
        cache.invalidateAll(keys, List.of());
      });
    }
  }
}
