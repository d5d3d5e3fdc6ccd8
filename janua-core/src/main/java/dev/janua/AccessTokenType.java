package dev.janua;

import java.util.Objects;

/**
 * The JOSE {@code typ} header of Janua's access tokens ({@code JWT_ACCESS_TOKEN_TYPE}). Janua's own
 * verifier requires exactly the configured one, so a token of the other type is refused with
 * {@link TokenFailureReason#WRONG_TOKEN_TYPE}.
 */
public enum AccessTokenType {
  /**
   * {@code JWT}, the default: what Keycloak and Spring Authorization Server write, and the only
   * value besides none that the default decoders of Spring Security and Nimbus accept.
   */
  JWT("JWT"),
  /** {@code at+jwt}, RFC 9068's type for JWT access tokens, for verifiers that demand it. */
  AT_JWT("at+jwt");

  private final String header;

  AccessTokenType(String header) {
    this.header = header;
  }

  /** The header value as written and required, e.g. {@code "at+jwt"}. */
  public String header() {
    return header;
  }

  /**
   * The type whose header value is exactly {@code header}.
   *
   * @throws IllegalArgumentException for any other spelling
   */
  public static AccessTokenType ofHeader(String header) {
    Objects.requireNonNull(header, "header");
    for (AccessTokenType t : values()) {
      if (t.header.equals(header)) {
        return t;
      }
    }
    throw new IllegalArgumentException("access token type must be JWT or at+jwt, got '" + header + "'");
  }
}
