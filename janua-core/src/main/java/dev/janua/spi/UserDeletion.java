package dev.janua.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link UserStore#delete} did.
 *
 * @param result         the outcome
 * @param organizationId with {@link Result#LAST_OWNER}, an organization the user is the last
 *                       active owner of; else {@code null}
 */
public record UserDeletion(Result result, @Nullable String organizationId) {

  /** Checks the result is given. */
  public UserDeletion {
    Objects.requireNonNull(result, "result");
  }

  /** The outcomes. */
  public enum Result {
    /** The personal data is erased, sessions revoked, memberships and tokens removed. */
    DELETED,
    /** No such user, or deleted already; nothing written. */
    NOT_FOUND,
    /** The user is the last active owner of an organization; nothing written. */
    LAST_OWNER
  }

  /** {@link Result#DELETED}. */
  public static UserDeletion deleted() {
    return new UserDeletion(Result.DELETED, null);
  }

  /** {@link Result#NOT_FOUND}. */
  public static UserDeletion notFound() {
    return new UserDeletion(Result.NOT_FOUND, null);
  }

  /** {@link Result#LAST_OWNER} of this organization. */
  public static UserDeletion lastOwner(String organizationId) {
    return new UserDeletion(Result.LAST_OWNER, organizationId);
  }
}
