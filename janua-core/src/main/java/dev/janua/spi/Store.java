package dev.janua.spi;

import dev.janua.StoreUnavailableException;

/**
 * Everything Janua persists, one aggregate store per concern: {@link #users()}, {@link
 * #sessions()}, {@link #organizations()}, {@link #audit()}, {@link #signingKeys()} and {@link
 * #apiTokens()}, {@link #invitations()}. A store implementation provides one object of this
 * type; features added later join with an aggregate of their own.
 *
 * <p>Every aggregate's operations are named by intent and each is atomic on its own: an
 * implementation never leaves half of one behind, and the engine never composes a read and a write
 * into a race. Every implementation must pass the contract suites of the {@code janua-test}
 * artifact ({@code dev.janua.testing.StoreContract} and its per-aggregate suites).
 *
 * <p>Any operation may throw {@link StoreUnavailableException} when the backing system cannot be
 * reached; none throws a driver exception. Timestamps are stored with microsecond precision:
 * callers pass instants already truncated to microseconds.
 */
public interface Store {

  /** Users and their credentials. */
  UserStore users();

  /** Sessions and their refresh tokens. */
  SessionStore sessions();

  /** Organizations, their members and custom roles. */
  OrganizationStore organizations();

  /** The audit log. */
  AuditStore audit();

  /** Signing keys shared by every instance on this store. */
  SigningKeyStore signingKeys();

  /**
   * API tokens. The default refuses, so that a store written before API tokens existed still
   * builds an engine and fails loudly only when a token is created or presented; every Janua
   * store implements it.
   *
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default ApiTokenStore apiTokens() {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not implement Store.apiTokens(), needed for API tokens");
  }
  /** One-time account tokens: password reset, email verification, email change. */
  AccountTokenStore accountTokens();

  /** Invitations into organizations; accepting one also writes a membership. */
  InvitationStore invitations();

  /** Retention: deletes ended sessions, spent and expired tokens, and old audit events. */
  RetentionStore retention();
  /** Known devices (hashed device tokens) that pass the per-account signin throttle. */
  DeviceStore devices();

  /** Second factors (TOTP) and their recovery codes. */
  FactorStore factors();

  /** Passkeys (WebAuthn credentials) and their outstanding challenges; never cached. */
  PasskeyStore passkeys();
}
