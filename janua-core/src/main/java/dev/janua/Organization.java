package dev.janua;

import java.time.Instant;
import java.util.Objects;

/**
 * An organization: the unit that memberships and roles belong to.
 *
 * @param id        stable identifier (a UUID string)
 * @param name      display name
 * @param slug      unique URL-safe name
 * @param ownerId   the user who created it
 * @param createdAt when it was created
 */
public record Organization(String id, String name, String slug, String ownerId, Instant createdAt) {
  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
