package dev.janua.spi;

import dev.janua.User;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user row as the store keeps it, with the bcrypt password hash.
 *
 * @param id           stable identifier (a UUID string)
 * @param email        normalized email (trimmed, lower-case); unique
 * @param name         display name, may be {@code null}
 * @param passwordHash the bcrypt hash in modular crypt format ({@code $2a$12$...})
 * @param enabled      whether the account may sign in
 * @param createdAt    creation time
 * @param updatedAt    last change
 */
public record StoredUser(
    String id,
    String email,
    @Nullable String name,
    String passwordHash,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  public StoredUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The public view, without the hash. */
  public User toUser() {
    return new User(id, email, name, enabled, createdAt);
  }

  /** This user with another password hash. */
  public StoredUser withPasswordHash(String newHash, Instant now) {
    return new StoredUser(id, email, name, newHash, enabled, createdAt, now);
  }

  /** This user enabled or disabled. */
  public StoredUser withEnabled(boolean newEnabled, Instant now) {
    return new StoredUser(id, email, name, passwordHash, newEnabled, createdAt, now);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "StoredUser[id=" + id + ", email=" + email + ", enabled=" + enabled + "]";
  }
}
