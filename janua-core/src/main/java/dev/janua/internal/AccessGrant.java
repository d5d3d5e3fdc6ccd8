package dev.janua.internal;

import java.time.Instant;
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
 * @param amr            the {@code amr} claim's values (how the session's user authenticated),
 *                       empty for none
 * @param authTime       the {@code auth_time} claim, or {@code null} for none
 */
public record AccessGrant(String userId, String sessionId, @Nullable String organizationId,
    List<String> roles, List<String> scopes, List<String> amr, @Nullable Instant authTime) {

  /** @throws NullPointerException for a null id or list */
  public AccessGrant {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
    amr = List.copyOf(amr);
  }

  /** A grant without {@code amr} and {@code auth_time}. */
  public AccessGrant(String userId, String sessionId, @Nullable String organizationId,
      List<String> roles, List<String> scopes) {
    this(userId, sessionId, organizationId, roles, scopes, List.of(), null);
  }

  /** This grant with how, and when, the session's user authenticated. */
  public AccessGrant authenticated(List<String> amr, @Nullable Instant authTime) {
    return new AccessGrant(userId, sessionId, organizationId, roles, scopes, amr, authTime);
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
