package dev.janua.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
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
}
