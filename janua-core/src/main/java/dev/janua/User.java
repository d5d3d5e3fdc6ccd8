package dev.janua;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user account as callers see it. The password hash never leaves the store layer.
 *
 * @param id              stable identifier (a UUID string)
 * @param email           the normalized (trimmed, lower-cased) email address
 * @param name            display name, may be {@code null}
 * @param enabled         whether the account may sign in
 * @param createdAt       when the account was created
 * @param emailVerifiedAt when {@link #email()} was verified, {@code null} while it is not
 */
public record User(String id, String email, @Nullable String name, boolean enabled,
    Instant createdAt, @Nullable Instant emailVerifiedAt) {
  /** Checks that no component but the name and the verification time is null. */
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A user whose email is not verified. */
  public User(String id, String email, @Nullable String name, boolean enabled, Instant createdAt) {
    this(id, email, name, enabled, createdAt, null);
  }

  /** Whether the owner of the account proved they receive mail at {@link #email()}. */
  public boolean emailVerified() {
    return emailVerifiedAt != null;
  }
}
