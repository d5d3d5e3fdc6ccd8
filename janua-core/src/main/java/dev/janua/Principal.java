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
  private final AccessClaims claims;
  private final Object minter;

  Principal(AccessClaims claims, Object minter) {
    this.claims = Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(claims.tokenId(), "tokenId");
    Objects.requireNonNull(claims.issuedAt(), "issuedAt");
    this.minter = Objects.requireNonNull(minter, "minter");
  }

  /** The user ({@code sub} claim). */
  public String userId() {
    return claims.userId();
  }

  /** The session ({@code sid} claim); it was live when this principal was returned. */
  public String sessionId() {
    return claims.sessionId();
  }

  /** The active organization ({@code org} claim), or {@code null}. */
  public @Nullable String organizationId() {
    return claims.organizationId();
  }

  /** The token id ({@code jti} claim). */
  public String tokenId() {
    return claims.tokenId();
  }

  /** When the token was issued ({@code iat} claim). */
  public Instant issuedAt() {
    return claims.issuedAt();
  }

  /** When the token expires ({@code exp} claim). */
  public Instant expiresAt() {
    return claims.expiresAt();
  }

  /** The application the token was issued to ({@code client_id} claim, {@code JWT_CLIENT_ID}). */
  public String clientId() {
    return claims.clientId();
  }

  /**
   * The scopes granted ({@code scope} claim): for a token of an organization, the permissions of
   * the member's role when it was issued; empty for a session's own token.
   */
  public List<String> scopes() {
    return claims.scopes();
  }

  /**
   * The member's role in the active organization when the token was issued ({@code roles} claim);
   * empty without one. {@link AuthEngine#checkPermission} reads the current role instead.
   */
  public List<String> roles() {
    return claims.roles();
  }

  /** Whether {@code engine} (its identity object) made this principal. */
  boolean mintedBy(Object engine) {
    return minter == engine;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Principal p && p.minter == minter && p.claims.tokenId().equals(tokenId())
        && p.claims.sessionId().equals(sessionId()) && p.claims.userId().equals(userId());
  }

  @Override
  public int hashCode() {
    return tokenId().hashCode();
  }

  @Override
  public String toString() {
    return "Principal[userId=" + userId() + ", sessionId=" + sessionId() + ", organizationId="
        + organizationId() + ", tokenId=" + tokenId() + ", expiresAt=" + expiresAt() + "]";
  }
}
