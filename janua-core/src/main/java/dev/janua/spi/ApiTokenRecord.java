package dev.janua.spi;

import dev.janua.ApiToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An API token as the store keeps it: the SHA-256 of the secret, never the secret.
 *
 * @param id             stable identifier (a UUID string)
 * @param userId         the owner; the token acts as this user, never beyond them
 * @param organizationId the organization whose permissions it carries
 * @param name           the owner's label for it
 * @param tokenHash      lower-case hex SHA-256 of the token string; unique
 * @param displayPrefix  the token's first characters ({@code jnu_} and four more), not a secret
 * @param permissions    the permissions it was given (a subset of the owner's at creation)
 * @param createdAt      creation time
 * @param expiresAt      when it stops working
 * @param lastUsedAt     when it was last used (written at most once a minute), or {@code null}
 * @param revokedAt      when it was revoked, or {@code null}
 */
public record ApiTokenRecord(
    String id,
    String userId,
    String organizationId,
    String name,
    String tokenHash,
    String displayPrefix,
    Set<String> permissions,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {

  /** @throws NullPointerException naming a missing required field */
  public ApiTokenRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(displayPrefix, "displayPrefix");
    permissions = Set.copyOf(permissions);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it works at {@code now}: not revoked and not expired. */
  public boolean isActive(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }

  /** The public view, without the hash. */
  public ApiToken toApiToken() {
    return new ApiToken(id, userId, organizationId, name, displayPrefix, permissions, createdAt,
        expiresAt, lastUsedAt, revokedAt);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "ApiTokenRecord[id=" + id + ", userId=" + userId + ", organizationId=" + organizationId
        + ", prefix=" + displayPrefix + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + "]";
  }
}
