package dev.janua;

import dev.janua.internal.AccessClaims;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JanuaVerifier} read from an access token whose signature and claims it has checked.
 * Unlike a {@link Principal}, nothing here says the token's session is still live: a verifier has
 * no store, so it sees a revoked session only when the token expires, through introspection, or
 * as promptly as its {@link dev.janua.spi.RevocationSource} reports it (when one is configured).
 */
public final class VerifiedToken {
  private final AccessClaims claims;

  VerifiedToken(AccessClaims claims) {
    this.claims = claims;
  }

  /** The {@code sub} claim: the user id. */
  public String subject() {
    return claims.userId();
  }

  /** The {@code sid} claim: the session the token belongs to. */
  public String sessionId() {
    return claims.sessionId();
  }

  /** The {@code org} claim of an organization's token, or {@code null}. */
  public @Nullable String organizationId() {
    return claims.organizationId();
  }

  /** The {@code jti} claim. */
  public String tokenId() {
    return claims.tokenId();
  }

  /** The {@code client_id} claim. */
  public String clientId() {
    return claims.clientId();
  }

  /** The {@code scope} claim split at spaces; empty when absent. */
  public List<String> scopes() {
    return claims.scopes();
  }

  /** The {@code roles} claim; empty when absent. */
  public List<String> roles() {
    return claims.roles();
  }

  /** The {@code iat} claim. */
  public Instant issuedAt() {
    return claims.issuedAt();
  }

  /** The {@code exp} claim. */
  public Instant expiresAt() {
    return claims.expiresAt();
  }

  /**
   * The {@code amr} claim (RFC 8176): how the user authenticated, e.g. {@code ["pwd", "otp",
   * "mfa"]}; empty when absent (tokens issued before Janua wrote it).
   */
  public List<String> amr() {
    return claims.amr();
  }

  /**
   * The {@code auth_time} claim: when the user last authenticated in the token's session; {@link
   * #issuedAt()} when absent (an older token), which is never earlier than the real time.
   */
  public Instant authTime() {
    return claims.authTime() != null ? claims.authTime() : claims.issuedAt();
  }

  /** Whether {@link #amr()} says a second factor was proven ({@code mfa}). */
  public boolean multiFactor() {
    return claims.amr().contains(Principal.AMR_MFA);
  }

  @Override
  public String toString() {
    return "VerifiedToken[sub=" + subject() + ", sid=" + sessionId() + ", org=" + organizationId()
        + ", client_id=" + clientId() + ", exp=" + expiresAt() + "]";
  }
}
