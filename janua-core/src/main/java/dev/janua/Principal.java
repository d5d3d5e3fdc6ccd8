package dev.janua;

import dev.janua.internal.AccessClaims;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The caller proven by a valid access token or API token ({@link #kind()}). Only an {@link
 * AuthEngine} makes one ({@link AuthEngine#validate}, {@link AuthEngine#authenticate}), and every
 * engine operation that takes a principal refuses one it did not make itself, or whose session has
 * ended since, with {@link TokenFailureReason#SESSION_REVOKED} (an API token's: revoked, expired,
 * or its owner disabled or no longer a member, with {@link TokenFailureReason#API_TOKEN_INVALID}):
 * a principal cannot be forged by constructing it.
 *
 * <p>An API-token principal has no session ({@link #sessionId()} is {@code null}); its permission
 * checks answer only in its organization, and only for permissions both the token and its owner
 * hold at that moment. Operations that need a signed-in session (sign-out, session lists, password
 * change, creating organizations or API tokens, organization tokens) refuse it with {@link
 * PermissionDeniedException}.
 */
public final class Principal {
  /** The {@code amr} value of a password (RFC 8176). */
  public static final String AMR_PASSWORD = "pwd";
  /** The {@code amr} value of a one-time password: a TOTP code (RFC 8176). */
  public static final String AMR_OTP = "otp";
  /** The {@code amr} value of a hardware-protected key: a device-bound passkey (RFC 8176). */
  public static final String AMR_HARDWARE_KEY = "hwk";
  /** The {@code amr} value of a software-protected key: a synced passkey (RFC 8176). */
  public static final String AMR_SOFTWARE_KEY = "swk";
  /** The {@code amr} value of multiple-factor authentication (RFC 8176). */
  public static final String AMR_MFA = "mfa";

  private final AccessClaims claims;
  private final Object minter;
  private final PrincipalKind kind;

  Principal(AccessClaims claims, Object minter) {
    this(claims, minter, PrincipalKind.ACCESS_TOKEN);
  }

  /** For {@link PrincipalKind#API_TOKEN}: {@code claims.sessionId()} and {@code tokenId()} are the token's id. */
  Principal(AccessClaims claims, Object minter, PrincipalKind kind) {
    this.claims = Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(claims.tokenId(), "tokenId");
    Objects.requireNonNull(claims.issuedAt(), "issuedAt");
    this.minter = Objects.requireNonNull(minter, "minter");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What proved this caller: an access token or an API token. */
  public PrincipalKind kind() {
    return kind;
  }

  /** The API token's id for {@link PrincipalKind#API_TOKEN}, else {@code null}. */
  public @Nullable String apiTokenId() {
    return kind == PrincipalKind.API_TOKEN ? claims.tokenId() : null;
  }

  /** The user ({@code sub} claim). */
  public String userId() {
    return claims.userId();
  }

  /**
   * The session ({@code sid} claim); it was live when this principal was returned. {@code null}
   * for an API token, which has no session.
   */
  public @Nullable String sessionId() {
    return kind == PrincipalKind.API_TOKEN ? null : claims.sessionId();
  }

  /** The session id, or the API token's id, never {@code null}: for the engine's own lookups. */
  String liveId() {
    return claims.sessionId();
  }

  /** The active organization ({@code org} claim), or {@code null}; an API token's organization. */
  public @Nullable String organizationId() {
    return claims.organizationId();
  }

  /** The token id ({@code jti} claim); an API token's id. */
  public String tokenId() {
    return claims.tokenId();
  }

  /** When the token was issued ({@code iat} claim); when the API token was created. */
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
   * the member's role when it was issued; empty for a session's own token. For an API token, the
   * permissions it was given (it holds only those its owner still holds).
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

  /**
   * How the user authenticated in this token's session ({@code amr} claim, RFC 8176): {@code
   * ["pwd"]} after a password, {@code ["pwd", "otp", "mfa"]} after a password and a TOTP code,
   * {@code ["pwd", "mfa"]} after a password and a recovery code, {@code ["pwd", "hwk"|"swk",
   * "mfa"]} after a password and a passkey. Empty for an API token, and for an access token issued
   * before Janua wrote the claim.
   */
  public List<String> amr() {
    return claims.amr();
  }

  /**
   * When the user last authenticated in this token's session ({@code auth_time} claim): the
   * sign-in, or the last {@link Mfa#stepUp step-up}. For a token without the claim (an API token:
   * its creation; an access token issued before Janua wrote it) this is {@link #issuedAt()}; {@link
   * Mfa#requireRecentAuth} reads the session's recorded time instead in that case.
   */
  public Instant authTime() {
    return claims.authTime() != null ? claims.authTime() : claims.issuedAt();
  }

  /** Whether the token carries {@code auth_time}, so {@link #authTime()} is not a fallback. */
  boolean hasAuthTime() {
    return claims.authTime() != null;
  }

  /** Whether a second factor was proven in this token's session ({@code mfa} in {@link #amr()}). */
  public boolean multiFactor() {
    return claims.amr().contains(AMR_MFA);
  }

  /** Whether {@code engine} (its identity object) made this principal. */
  boolean mintedBy(Object engine) {
    return minter == engine;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Principal p && p.minter == minter && p.kind == kind
        && p.claims.tokenId().equals(tokenId()) && p.claims.sessionId().equals(liveId())
        && p.claims.userId().equals(userId());
  }

  @Override
  public int hashCode() {
    return tokenId().hashCode();
  }

  @Override
  public String toString() {
    return "Principal[kind=" + kind + ", userId=" + userId() + ", sessionId=" + sessionId()
        + ", organizationId=" + organizationId() + ", tokenId=" + tokenId() + ", expiresAt="
        + expiresAt() + "]";
  }
}
