package dev.janua.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;

/** The token verifiers Janua is compared with, built once per benchmark state. */
public final class Peers {
  private final JwtParser jjwt;
  private final RSASSAVerifier nimbusVerifier;
  private final String issuer;
  private final String audience;

  /**
   * @param key      the RSA public key the tokens were signed for
   * @param issuer   the {@code iss} Nimbus checks
   * @param audience the {@code aud} Nimbus checks
   */
  public Peers(RSAPublicKey key, String issuer, String audience) {
    this.jjwt = Jwts.parser().verifyWith(key).build();
    this.nimbusVerifier = new RSASSAVerifier(key);
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Bare jjwt: parse, verify the RS256 signature, check {@code exp}; the floor under Janua. */
  public Claims jjwt(String token) {
    return jjwt.parseSignedClaims(token).getPayload();
  }

  /**
   * Nimbus as a resource server uses it: parse, verify with {@link RSASSAVerifier}, then check
   * {@code iss}, {@code aud} and {@code exp}.
   */
  public JWTClaimsSet nimbus(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.verify(nimbusVerifier)) {
        throw new IllegalStateException("bad signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(audience) || exp == null || !exp.after(new Date())) {
        throw new IllegalStateException("claims refused");
      }
      return claims;
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a bare RS256 verify needs of a token: its signing input ({@code header.payload} as
   * ASCII bytes) and its decoded signature, computed once, outside the measurement.
   */
  public record SignedInput(byte[] input, byte[] signature) {
    /** Splits and decodes {@code token} (a compact JWS). */
    public static SignedInput of(String token) {
      int dot = token.lastIndexOf('.');
      return new SignedInput(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
          Base64.getUrlDecoder().decode(token.substring(dot + 1)));
    }
  }

  /**
   * The physical floor of a first-sight validation: one {@code SHA256withRSA} verify of prepared
   * bytes with a {@link Signature} initialised once (no parsing, no base64, no claims).
   */
  public static final class BareVerifier {
    private final Signature signature;

    /** A verifier for {@code key}. */
    public BareVerifier(RSAPublicKey key) {
      try {
        signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Verifies; throws when the signature does not match. */
    public boolean verify(SignedInput s) {
      try {
        signature.update(s.input());
        if (!signature.verify(s.signature())) {
          throw new IllegalStateException("bad signature");
        }
        return true;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
