package dev.janua;

import java.util.Locale;

/** Why a token was refused. Each value has a distinct, stable {@link #code()}. */
public enum TokenFailureReason {
  /** Not a compact JWT, or its parts do not decode. */
  MALFORMED,
  /** The {@code alg} header is {@code none} or not the algorithm allowed for the named key. */
  ALGORITHM_NOT_ALLOWED,
  /** The {@code kid} header is missing or names no key in the key ring. */
  UNKNOWN_KEY,
  /** The header carries {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} or {@code crit}. */
  FORBIDDEN_HEADER,
  /** The signature does not verify (the header or payload was altered). */
  BAD_SIGNATURE,
  /**
   * The token is not in its one canonical spelling: base64url padding, non-zero unused bits in a
   * segment's last character, or an ES256 signature whose S is in the high half of the group
   * order. Such a token may well carry a valid signature; it is refused so that every token has
   * exactly one string form.
   */
  NON_CANONICAL,
  /** The {@code typ} header is not {@code at+jwt}. */
  WRONG_TOKEN_TYPE,
  /** A refresh token was presented where an access token belongs. */
  REFRESH_TOKEN_AS_ACCESS_TOKEN,
  /** The token's {@code exp} has passed (beyond the allowed clock skew). */
  EXPIRED,
  /** The token's {@code nbf} or {@code iat} is still ahead (beyond the allowed clock skew). */
  NOT_YET_VALID,
  /**
   * The token's lifetime, {@code exp - iat}, is longer than the configured access-token lifetime
   * plus the clock skew: no token of this issuer is minted that way.
   */
  LIFETIME_EXCEEDED,
  /** The {@code iss} claim is not this engine's issuer. */
  WRONG_ISSUER,
  /** The {@code aud} claim does not contain this engine's audience. */
  WRONG_AUDIENCE,
  /** The {@code client_id} claim is not the one a {@link JanuaVerifier} was configured to expect. */
  WRONG_CLIENT,
  /** A required claim ({@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp}) is missing. */
  MISSING_CLAIM,
  /** The token's session was revoked, signed out or has reached its absolute cap. */
  SESSION_REVOKED,
  /** The refresh token is not known. */
  REFRESH_TOKEN_UNKNOWN,
  /** The refresh token has expired. */
  REFRESH_TOKEN_EXPIRED,
  /**
   * A spent refresh token was presented again after the grace window, or within it after its
   * successor had been used: its whole session has been revoked.
   */
  REFRESH_TOKEN_REUSED,
  /**
   * A spent refresh token was presented again within the grace window, but its rotation kept no
   * sealed successor to share (it was made before sealed successors existed): refused, the session
   * stays live. A duplicate of a newer rotation gets the same successor instead.
   */
  REFRESH_TOKEN_ALREADY_ROTATED,
  /**
   * An API token ({@code jnu_...}) with a valid checksum that does not work: unknown, revoked, or
   * its owner is disabled or no longer an active member of its organization. (A mistyped one is
   * {@link #MALFORMED}; an expired one {@link #EXPIRED}.)
   */
  API_TOKEN_INVALID;

  /** The stable lower-case code, e.g. {@code "bad_signature"}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
