package dev.janua;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The name of a role to grant: a {@link SystemRole} or one of the organization's custom roles.
 * Its own type so that a role can never be passed where a user id is expected.
 *
 * @param value the role's name, e.g. {@code "admin"} or {@code "billing"}
 */
public record RoleName(String value) {
  /** {@code owner}. */
  public static final RoleName OWNER = new RoleName("owner");
  /** {@code admin}. */
  public static final RoleName ADMIN = new RoleName("admin");
  /** {@code member}. */
  public static final RoleName MEMBER = new RoleName("member");
  /** {@code viewer}. */
  public static final RoleName VIEWER = new RoleName("viewer");

  /**
   * @throws ValidationException (field {@code role}) when blank
   */
  public RoleName {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new ValidationException("role", "role is required");
    }
  }

  /** The role of this name. */
  public static RoleName of(@Nullable String value) {
    if (value == null) {
      throw new ValidationException("role", "role is required");
    }
    return new RoleName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
