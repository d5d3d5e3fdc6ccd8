package dev.janua;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An API token as its owner sees it in a list: never the secret, only its first characters.
 *
 * @param id             stable identifier
 * @param userId         the owner
 * @param organizationId the organization whose permissions it carries
 * @param name           the owner's label for it
 * @param prefix         the token's first characters ({@code jnu_} and four more), for recognition
 * @param permissions    the permissions it was given; at each use it holds only those its owner
 *                       still holds in the organization
 * @param createdAt      creation time
 * @param expiresAt      when it stops working
 * @param lastUsedAt     last use, to the minute, or {@code null}
 * @param revokedAt      when it was revoked, or {@code null}
 */
public record ApiToken(
    String id,
    String userId,
    String organizationId,
    String name,
    String prefix,
    Set<String> permissions,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {

  /** @throws NullPointerException naming a missing required field */
  public ApiToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    permissions = Set.copyOf(permissions);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
