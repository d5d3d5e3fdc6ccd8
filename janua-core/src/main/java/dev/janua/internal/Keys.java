package dev.janua.internal;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.StringJoiner;

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
    } else if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
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

  /** A key pair from PEM text; the public PEM may be null for RSA (derived from the CRT key). */
  public static KeyPair keyPairFromPem(String privatePem, String publicPem, String algorithm) {
    String family = family(algorithm);
    try {
      KeyFactory kf = KeyFactory.getInstance(family);
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pemBody(privatePem, "PRIVATE KEY")));
      PublicKey pub;
      if (publicPem != null) {
        pub = kf.generatePublic(new X509EncodedKeySpec(pemBody(publicPem, "PUBLIC KEY")));
      } else if (priv instanceof RSAPrivateCrtKey crt) {
        pub = kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      } else {
        throw new IllegalArgumentException(algorithm + " keys need the public key PEM as well");
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
