package dev.janua;

import dev.janua.internal.AccessClaims;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The caller proven by a valid access token. Only an {@link AuthEngine} makes one ({@link
 * AuthEngine#validate}), and every engine operation that takes a principal refuses one it did not
 * make itself, or whose session has ended since, with {@link TokenFailureReason#SESSION_REVOKED}:
 * a principal cannot be forged by constructing it.
 */
public final class Principal {
  private final String userId;
  private final String sessionId;
  private final @Nullable String organizationId;
  private final String tokenId;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final String clientId;
  private final List<String> scopes;
  private final List<String> roles;
  private final Object minter;

  Principal(AccessClaims c, Object minter) {
    this(c.userId(), c.sessionId(), c.organizationId(), c.tokenId(), c.issuedAt(), c.expiresAt(),
        c.clientId(), c.scopes(), c.roles(), minter);
  }

  private Principal(String userId, String sessionId, @Nullable String organizationId,
      String tokenId, Instant issuedAt, Instant expiresAt, String clientId, List<String> scopes,
      List<String> roles, Object minter) {
    this.userId = Objects.requireNonNull(userId, "userId");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.organizationId = organizationId;
    this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.scopes = List.copyOf(scopes);
    this.roles = List.copyOf(roles);
    this.minter = Objects.requireNonNull(minter, "minter");
  }

  /** The user ({@code sub} claim). */
  public String userId() {
    return userId;
  }

  /** The session ({@code sid} claim); it was live when this principal was returned. */
  public String sessionId() {
    return sessionId;
  }

  /** The active organization ({@code org} claim), or {@code null}. */
  public @Nullable String organizationId() {
    return organizationId;
  }

  /** The token id ({@code jti} claim). */
  public String tokenId() {
    return tokenId;
  }

  /** When the token was issued ({@code iat} claim). */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** When the token expires ({@code exp} claim). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The application the token was issued to ({@code client_id} claim, {@code JWT_CLIENT_ID}). */
  public String clientId() {
    return clientId;
  }

  /**
   * The scopes granted ({@code scope} claim): for a token of an organization, the permissions of
   * the member's role when it was issued; empty for a session's own token.
   */
  public List<String> scopes() {
    return scopes;
  }

  /**
   * The member's role in the active organization when the token was issued ({@code roles} claim);
   * empty without one. {@link AuthEngine#checkPermission} reads the current role instead.
   */
  public List<String> roles() {
    return roles;
  }

  /** Whether {@code engine} (its identity object) made this principal. */
  boolean mintedBy(Object engine) {
    return minter == engine;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Principal p && p.minter == minter && p.tokenId.equals(tokenId)
        && p.sessionId.equals(sessionId) && p.userId.equals(userId);
  }

  @Override
  public int hashCode() {
    return tokenId.hashCode();
  }

  @Override
  public String toString() {
    return "Principal[userId=" + userId + ", sessionId=" + sessionId + ", organizationId="
        + organizationId + ", tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
  }
}
