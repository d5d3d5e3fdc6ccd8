package dev.janua.internal;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.KeyAgreement;

/** Key generation, PEM and DER codecs, thumbprints and JWKS rendering. */
public final class Keys {
  private Keys() {}

  /** The JCA key family of a JWS algorithm. */
  public static String family(String algorithm) {
    return switch (algorithm) {
      case "RS256" -> "RSA";
      case "ES256" -> "EC";
      default -> throw new IllegalArgumentException("unsupported algorithm " + algorithm);
    };
  }

  /** Generates a key pair for {@code algorithm}. */
  public static KeyPair generate(String algorithm) {
    try {
      if (family(algorithm).equals("RSA")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }

  /** Fails unless the public key is of the algorithm's family (and at least 2048 bits for RSA). */
  public static void checkMatchesAlgorithm(PublicKey key, String algorithm) {
    String family = family(algorithm);
    if (family.equals("RSA")) {
      if (!(key instanceof RSAPublicKey rsa)) {
        throw new IllegalArgumentException(algorithm + " needs an RSA key, got " + key.getAlgorithm());
      }
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
      }
    } else if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
      throw new IllegalArgumentException(algorithm + " needs a P-256 EC key, got " + key.getAlgorithm());
    }
  }

  /** The RFC 7638 SHA-256 thumbprint of a public key, base64url. */
  public static String thumbprint(PublicKey key) {
    return Jwks.builder().key(key).idFromThumbprint().build().getId();
  }

  /** {@code {"keys":[...]}} with each key's public JWK, its kid, alg and {@code use: sig}. */
  public static String jwksJson(Collection<dev.janua.SigningKey> keys) {
    StringJoiner out = new StringJoiner(",", "{\"keys\":[", "]}");
    for (dev.janua.SigningKey k : keys) {
      PublicJwk<?> jwk = Jwks.builder().key(k.publicKey()).id(k.kid()).algorithm(k.algorithm())
          .publicKeyUse("sig").build();
      out.add(Jwks.json(jwk));
    }
    return out.toString();
  }

  /**
   * A key pair from PEM text. The public PEM may be null: for RSA the public key comes from the
   * CRT private key, for ES256 it is derived from the private scalar. When it is given, it must
   * belong to the private key.
   *
   * @throws IllegalArgumentException when the PEM text is not a key pair of that algorithm; the
   *     message never includes the PEM
   */
  public static KeyPair keyPairFromPem(String privatePem, String publicPem, String algorithm) {
    String family = family(algorithm);
    try {
      KeyFactory kf = KeyFactory.getInstance(family);
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pemBody(privatePem, "PRIVATE KEY")));
      PublicKey pub;
      if (publicPem != null) {
        pub = kf.generatePublic(new X509EncodedKeySpec(pemBody(publicPem, "PUBLIC KEY")));
        if (!belongTogether(priv, pub, algorithm)) {
          throw new IllegalArgumentException("the public key does not belong to the private key");
        }
      } else if (priv instanceof RSAPrivateCrtKey crt) {
        pub = kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      } else if (priv instanceof ECPrivateKey ec && isP256(ec.getParams())) {
        pub = ecPublicKey(ec, kf);
      } else {
        throw new IllegalArgumentException(algorithm + " needs a " + family + " key");
      }
      return new KeyPair(pub, priv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Never include the PEM text: it is a secret.
      throw new IllegalArgumentException("not a valid " + algorithm + " PKCS#8 PEM key pair ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** PKCS#8 PEM text of a private key. */
  public static String privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** X.509 PEM text of a public key. */
  public static String publicKeyPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** Base64 of DER, the form {@code StoredSigningKey} keeps. */
  public static String der(java.security.Key key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** A key pair from the base64 DER forms of {@code StoredSigningKey}. */
  public static KeyPair fromDer(String privateDer, String publicDer, String algorithm) {
    try {
      KeyFactory kf = KeyFactory.getInstance(family(algorithm));
      return new KeyPair(
          kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicDer))),
          kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateDer))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("stored " + algorithm + " key is not valid DER ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether the curve is P-256, judged by its group order and cofactor. */
  static boolean isP256(ECParameterSpec params) {
    return params.getOrder().equals(EcdsaP256.ORDER) && params.getCofactor() == 1
        && params.getCurve().getField().getFieldSize() == 256;
  }

  /**
   * The public key d*G of a P-256 private key d. ECDH with the generator as the peer yields the x
   * coordinate of d*G from the JDK's own (constant-time) code, so no secret-dependent arithmetic is
   * written here; y is one of the two roots of the curve equation in x, and a probe signature
   * tells which. PKCS#8 keys need not carry their public key (the JDK's own do not).
   */
  private static PublicKey ecPublicKey(ECPrivateKey priv, KeyFactory kf)
      throws GeneralSecurityException {
    ECParameterSpec params = priv.getParams();
    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(priv);
    ecdh.doPhase(kf.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
    BigInteger x = new BigInteger(1, ecdh.generateSecret());
    EllipticCurve curve = params.getCurve();
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    BigInteger rhs = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    // p = 3 (mod 4) for P-256, so a square root is rhs^((p+1)/4).
    BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
    if (!y.multiply(y).mod(p).equals(rhs)) {
      throw new GeneralSecurityException("no point on the curve");
    }
    for (BigInteger root : List.of(y, p.subtract(y))) {
      PublicKey pub = kf.generatePublic(new ECPublicKeySpec(new ECPoint(x, root), params));
      if (belongTogether(priv, pub, "ES256")) {
        return pub;
      }
    }
    throw new GeneralSecurityException("no public key matches");
  }

  /** Whether a signature of {@code priv} verifies with {@code pub}. */
  private static boolean belongTogether(PrivateKey priv, PublicKey pub, String algorithm)
      throws GeneralSecurityException {
    String name = family(algorithm).equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    byte[] probe = "janua key pair probe".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(name);
    signer.initSign(priv);
    signer.update(probe);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance(name);
    verifier.initVerify(pub);
    verifier.update(probe);
    return verifier.verify(sig);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] pemBody(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("missing " + begin);
    }
    String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

}
