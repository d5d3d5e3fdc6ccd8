package dev.janua.spi;

import dev.janua.User;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user row as the store keeps it, with the bcrypt password hash. A user read through a cache
 * ({@link UserStore#findById}, {@link UserStore#findByEmail} on a caching decorator) carries
 * {@link #HASH_WITHHELD} instead: password hashes never leave the store of record, and decisions
 * on credentials read {@link UserStore#findCredentialsById} or {@link
 * UserStore#findCredentialsByEmail}.
 *
 * @param id              stable identifier (a UUID string)
 * @param email           normalized email (trimmed, lower-case); unique
 * @param name            display name, may be {@code null}
 * @param passwordHash    the bcrypt hash in modular crypt format ({@code $2a$12$...})
 * @param enabled         whether the account may sign in
 * @param createdAt       creation time
 * @param updatedAt       last change
 * @param emailVerifiedAt when {@code email} was verified ({@link
 *                        UserStore#markEmailVerified}); {@code null} while it is not
 */
public record StoredUser(
    String id,
    String email,
    @Nullable String name,
    String passwordHash,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant emailVerifiedAt) {

  /**
   * What a user read through a cache carries in place of its password hash: not a bcrypt hash, so
   * no password ever matches it (the {@code *} of a locked {@code /etc/shadow} entry).
   */
  public static final String HASH_WITHHELD = "*";

  /** Checks that no component but the name and the verification time is null. */
  public StoredUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A user whose email is not verified (the form of a new signup). */
  public StoredUser(String id, String email, @Nullable String name, String passwordHash,
      boolean enabled, Instant createdAt, Instant updatedAt) {
    this(id, email, name, passwordHash, enabled, createdAt, updatedAt, null);
  }

  /** Whether {@code email} is verified. */
  public boolean emailVerified() {
    return emailVerifiedAt != null;
  }

  /** The public view, without the hash. */
  public User toUser() {
    return new User(id, email, name, enabled, createdAt, emailVerifiedAt);
  }

  /** Whether this user carries its real password hash (not {@link #HASH_WITHHELD}). */
  public boolean hasPasswordHash() {
    return !HASH_WITHHELD.equals(passwordHash);
  }

  /** This user with its password hash replaced by {@link #HASH_WITHHELD}, as caches keep it. */
  public StoredUser withoutPasswordHash() {
    return hasPasswordHash() ? new StoredUser(id, email, name, HASH_WITHHELD, enabled, createdAt,
        updatedAt, emailVerifiedAt) : this;
  }

  /** This user with another password hash. */
  public StoredUser withPasswordHash(String newHash, Instant now) {
    return new StoredUser(id, email, name, newHash, enabled, createdAt, now, emailVerifiedAt);
  }

  /** This user enabled or disabled. */
  public StoredUser withEnabled(boolean newEnabled, Instant now) {
    return new StoredUser(id, email, name, passwordHash, newEnabled, createdAt, now,
        emailVerifiedAt);
  }

  /** This user with its email verified at {@code at} (kept when it was verified already). */
  public StoredUser withEmailVerified(Instant at) {
    return emailVerifiedAt != null ? this
        : new StoredUser(id, email, name, passwordHash, enabled, createdAt, at, at);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "StoredUser[id=" + id + ", email=" + email + ", enabled=" + enabled
        + ", emailVerified=" + emailVerified() + "]";
  }
}
