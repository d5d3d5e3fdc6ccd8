package dev.janua;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JanuaVerifier} read from an access token whose signature and claims it has checked.
 * Unlike a {@link Principal}, nothing here says the token's session is still live: a verifier has
 * no store, so it sees a revoked session only when the token expires (or through introspection).
 */
public final class VerifiedToken {
  private final String subject;
  private final String sessionId;
  private final @Nullable String organizationId;
  private final String tokenId;
  private final String clientId;
  private final List<String> scopes;
  private final List<String> roles;
  private final Instant issuedAt;
  private final Instant expiresAt;

  VerifiedToken(String subject, String sessionId, @Nullable String organizationId, String tokenId,
      String clientId, List<String> scopes, List<String> roles, Instant issuedAt,
      Instant expiresAt) {
    this.subject = subject;
    this.sessionId = sessionId;
    this.organizationId = organizationId;
    this.tokenId = tokenId;
    this.clientId = clientId;
    this.scopes = List.copyOf(scopes);
    this.roles = List.copyOf(roles);
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
  }

  /** The {@code sub} claim: the user id. */
  public String subject() {
    return subject;
  }

  /** The {@code sid} claim: the session the token belongs to. */
  public String sessionId() {
    return sessionId;
  }

  /** The {@code org} claim of an organization's token, or {@code null}. */
  public @Nullable String organizationId() {
    return organizationId;
  }

  /** The {@code jti} claim. */
  public String tokenId() {
    return tokenId;
  }

  /** The {@code client_id} claim. */
  public String clientId() {
    return clientId;
  }

  /** The {@code scope} claim split at spaces; empty when absent. */
  public List<String> scopes() {
    return scopes;
  }

  /** The {@code roles} claim; empty when absent. */
  public List<String> roles() {
    return roles;
  }

  /** The {@code iat} claim. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The {@code exp} claim. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "VerifiedToken[sub=" + subject + ", sid=" + sessionId + ", org=" + organizationId
        + ", client_id=" + clientId + ", exp=" + expiresAt + "]";
  }
}
