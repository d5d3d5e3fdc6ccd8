package dev.janua;

import java.time.Instant;
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
  private final Object minter;

  Principal(String userId, String sessionId, @Nullable String organizationId, String tokenId,
      Instant issuedAt, Instant expiresAt, Object minter) {
    this.userId = Objects.requireNonNull(userId, "userId");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.organizationId = organizationId;
    this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
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
