package dev.janua.cache;

import dev.janua.spi.ApiTokenStore;
import dev.janua.spi.AccountTokenStore;
import dev.janua.spi.AuditStore;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.RetentionStore;
import dev.janua.spi.SessionStore;
import dev.janua.spi.SigningKeyStore;
import dev.janua.spi.Store;
import dev.janua.spi.UserStore;
import java.util.Objects;

/**
 * A {@link Store} that reads through a {@link TieredCache} and invalidates it on every write, so
 * the engine runs unchanged over any store: {@code CachingStore.wrap(jdbcStore, cache)}, or
 * {@link CachePlugin} on the engine builder.
 *
 * <p>Each aggregate wraps the delegate's. Cached reads: users by id and by email (the email maps
 * to the id), sessions, organizations, memberships (one, an organization's, a user's), custom
 * roles (one, an organization's), API tokens (by id and by hash). Absent results are cached too: every write that could create
 * them invalidates them. Not cached: live session lists, the audit log, and signing keys (private
 * key material never goes to a shared cache): {@link #audit()} and {@link #signingKeys()} are the
 * delegate's own. Invitations are not cached either ({@link #invitations()} passes every call
 * through); accepting one invalidates the new member's membership entries.
 *
 * <p>A session is read by its id alone from the in-process tier (one lookup per validation, no key
 * string built); only on a miss is its owner looked up ({@code session-owner:<id>}) and the
 * session read through the shared tier under {@code session:<userId>:<id>}. The in-process copy
 * remembers that shared key.
 *
 * <p>Every write goes to the delegate first and then, whether it succeeded or threw, drops every
 * key it may have changed from both tiers and publishes them on the bus. Revoking all of a user's
 * sessions ({@code sessions().revokeAll}, {@code users().changePassword}, {@code
 * users().setEnabled(false)}) drops the prefix {@code session:<userId>:}, which matches the
 * in-process copies by the shared key they remember and covers sessions created concurrently with
 * the revocation as well, so a revoked session is never served as live from any tier. Guarded
 * membership changes drop the member's entries whatever their outcome: one that wrote nothing
 * (stale role, last owner, not found) may have been decided on a cached copy that was out of date.
 */
public final class CachingStore implements Store {
  private final dev.janua.spi.DeviceStore devices;
  private final Store delegate;
  private final TieredCache cache;
  private final CachingUsers users;
  private final CachingSessions sessions;
  private final CachingOrganizations organizations;
  private final AuditStore audit;
  private final SigningKeyStore signingKeys;
  private final CachingApiTokens apiTokens;
  private final CachingAccountTokens accountTokens;
  private final CachingInvitations invitations;

  private CachingStore(Store delegate, TieredCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.users = new CachingUsers(Objects.requireNonNull(delegate.users(), "store.users()"), cache,
        Objects.requireNonNull(delegate.organizations(), "store.organizations()"));
    this.accountTokens = new CachingAccountTokens(
        Objects.requireNonNull(delegate.accountTokens(), "store.accountTokens()"),
        delegate.users(), cache);
    this.sessions = new CachingSessions(
        Objects.requireNonNull(delegate.sessions(), "store.sessions()"), cache);
    this.organizations = new CachingOrganizations(
        Objects.requireNonNull(delegate.organizations(), "store.organizations()"), cache);
    this.audit = Objects.requireNonNull(delegate.audit(), "store.audit()");
    this.signingKeys = Objects.requireNonNull(delegate.signingKeys(), "store.signingKeys()");
    this.apiTokens = new CachingApiTokens(new LazyApiTokens(delegate), cache);
    this.invitations = new CachingInvitations(
        Objects.requireNonNull(delegate.invitations(), "store.invitations()"), cache);
    this.devices = Objects.requireNonNull(delegate.devices(), "store.devices()");
  }

  /**
   * Wraps a store. Its aggregates are read once, here.
   *
   * @param store the store to read from and write to
   * @param cache the cache to read through
   * @throws NullPointerException naming the missing argument
   */
  public static CachingStore wrap(Store store, TieredCache cache) {
    return new CachingStore(store, cache);
  }

  /** The wrapped store. */
  public Store delegate() {
    return delegate;
  }

  /** The cache this store reads through (its stats feed metrics). */
  public TieredCache cache() {
    return cache;
  }

  /** Users by id and by email, through the cache. */
  @Override
  public UserStore users() {
    return users;
  }

  /** Sessions by id, through the cache; live session lists from the delegate. */
  @Override
  public SessionStore sessions() {
    return sessions;
  }

  /** Organizations, memberships and custom roles, through the cache. */
  @Override
  public OrganizationStore organizations() {
    return organizations;
  }

  /** The delegate's audit log (not cached). */
  @Override
  public AuditStore audit() {
    return audit;
  }

  /** The delegate's signing keys (never cached). */
  @Override
  public SigningKeyStore signingKeys() {
    return signingKeys;
  }

  /** API tokens by id and by hash, through the cache; lists from the delegate. */
  @Override
  public ApiTokenStore apiTokens() {
    return apiTokens;
  }

  /** The delegate's account tokens (not cached); spending one drops its user's entries. */
  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }

  /**
   * The delegate's retention purge. It deletes only what has ended (revoked or expired sessions,
   * spent or expired tokens, old audit events), so a copy still cached says ended as well and ages
   * out by its TTL; nothing is invalidated.
   */
  @Override
  public RetentionStore retention() {
    return delegate.retention();
  }

  /**
   * The delegate's invitations, not cached; accepting one drops the new member's cached
   * memberships.
   */
  @Override
  public InvitationStore invitations() {
    return invitations;
  }

  /**
   * The delegate's known devices, not cached: a device token is read once per signin, and
   * revoking a user's sessions deletes them in the store of record.
   */
  @Override
  public dev.janua.spi.DeviceStore devices() {
    return devices;
  }

  @Override
  public dev.janua.spi.FactorStore factors() {
    // Not cached: codes are spent by compare-and-set in the delegate, which must see every call.
    return delegate.factors();
  }

  @Override
  public dev.janua.spi.PasskeyStore passkeys() {
    // Not cached: challenges and signature counters are compare-and-set in the delegate.
    return delegate.passkeys();
  }
}
