package dev.janua.internal;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an access token is issued for: its user and session, and when it is scoped, the active
 * organization with the member's role and the scopes granted. The issue path takes this one value,
 * so a new kind of grant (API tokens) adds a factory, not a parameter.
 *
 * @param userId         the {@code sub} claim
 * @param sessionId      the {@code sid} claim
 * @param organizationId the {@code org} claim, or {@code null}
 * @param roles          the {@code roles} claim (the member's role in {@code organizationId}),
 *                       empty for none
 * @param scopes         the {@code scope} claim's values, empty for an unscoped token
 */
public record AccessGrant(String userId, String sessionId, @Nullable String organizationId,
    List<String> roles, List<String> scopes) {

  /** @throws NullPointerException for a null id or list */
  public AccessGrant {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
  }

  /** A session's own token: no organization, no scope. */
  public static AccessGrant session(String userId, String sessionId) {
    return new AccessGrant(userId, sessionId, null, List.of(), List.of());
  }

  /** A token for the session in an organization, with the member's role and its scopes. */
  public static AccessGrant organization(String userId, String sessionId, String organizationId,
      String role, List<String> scopes) {
    return new AccessGrant(userId, sessionId, Objects.requireNonNull(organizationId,
        "organizationId"), List.of(role), scopes);
  }
}
