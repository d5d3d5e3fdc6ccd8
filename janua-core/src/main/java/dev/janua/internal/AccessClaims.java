package dev.janua.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verified access token says, before the engine has checked its session. The engine turns
 * it into a {@code Principal} once the session is known to be live; the verifier and its cache
 * never build one.
 *
 * @param userId         the {@code sub} claim
 * @param sessionId      the {@code sid} claim
 * @param organizationId the {@code org} claim, or {@code null}
 * @param tokenId        the {@code jti} claim
 * @param issuedAt       the {@code iat} claim
 * @param expiresAt      the {@code exp} claim
 * @param clientId       the {@code client_id} claim
 * @param scopes         the {@code scope} claim split at spaces; empty when absent
 * @param roles          the {@code roles} claim; empty when absent
 * @param amr            the {@code amr} claim (RFC 8176); empty when absent
 * @param authTime       the {@code auth_time} claim, or {@code null} when absent
 */
public record AccessClaims(
    String userId,
    String sessionId,
    @Nullable String organizationId,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt,
    String clientId,
    List<String> scopes,
    List<String> roles,
    List<String> amr,
    @Nullable Instant authTime) {

  /**
   * @throws NullPointerException when {@code userId}, {@code sessionId}, {@code expiresAt}, {@code
   *     clientId} or a list is null
   */
  public AccessClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(clientId, "clientId");
    scopes = List.copyOf(scopes);
    roles = List.copyOf(roles);
    amr = List.copyOf(amr);
  }

  /** Claims without {@code amr} and {@code auth_time} (API tokens, older tokens). */
  public AccessClaims(String userId, String sessionId, @Nullable String organizationId,
      String tokenId, Instant issuedAt, Instant expiresAt, String clientId, List<String> scopes,
      List<String> roles) {
    this(userId, sessionId, organizationId, tokenId, issuedAt, expiresAt, clientId, scopes, roles,
        List.of(), null);
  }
}
