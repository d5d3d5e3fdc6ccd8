package dev.janua.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.JanuaConfig;
import dev.janua.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON Web Key Set fetched from an issuer into verify-only keys. Only signature keys of
 * RS256 (RSA of at least 2048 bits) and ES256 (a point on P-256) with a {@code kid} and an {@code
 * alg} are kept, each for its one algorithm; other keys are skipped, as RFC 7517 lets a reader do
 * with keys it does not understand. A set that is not JSON, repeats a kid or keeps no key is
 * refused as a whole.
 */
final class JwkSet {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ECParameterSpec P256 = p256();

  private JwkSet() {}

  /**
   * The usable keys of the set, by kid.
   *
   * @throws IOException when the set is malformed, repeats a kid or holds no usable key
   */
  static Map<String, SigningKey> parse(byte[] json) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException("the JWKS is not valid JSON");
    }
    JsonNode keys = root == null ? null : root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new IOException("the JWKS has no \"keys\" array");
    }
    Map<String, SigningKey> out = new LinkedHashMap<>();
    for (JsonNode jwk : keys) {
      SigningKey key = key(jwk);
      if (key != null && out.put(key.kid(), key) != null) {
        throw new IOException("the JWKS has two keys with kid " + key.kid());
      }
    }
    if (out.isEmpty()) {
      throw new IOException("the JWKS has no RS256 or ES256 signature key");
    }
    return Collections.unmodifiableMap(out);
  }

  /** The key, or {@code null} when it is not one this verifier uses. */
  private static SigningKey key(JsonNode jwk) throws IOException {
    if (!jwk.isObject()) {
      return null;
    }
    String kid = text(jwk, "kid");
    String alg = text(jwk, "alg");
    String use = text(jwk, "use");
    if (kid == null || kid.isBlank() || alg == null || !JanuaConfig.ALGORITHMS.contains(alg)
        || (use != null && !"sig".equals(use)) || jwk.has("d")) {
      // A private member ("d") means the issuer publishes a secret: never use such a key.
      return null;
    }
    try {
      PublicKey pub = "RS256".equals(alg) ? rsa(jwk) : ec(jwk);
      return pub == null ? null : SigningKey.verifyOnly(kid, pub, alg);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the JWKS key " + kid + " is not a valid " + alg + " key");
    }
  }

  private static PublicKey rsa(JsonNode jwk) throws GeneralSecurityException, IOException {
    if (!"RSA".equals(text(jwk, "kty"))) {
      return null;
    }
    BigInteger n = unsigned(jwk, "n");
    BigInteger e = unsigned(jwk, "e");
    if (n.bitLength() < 2048 || e.signum() <= 0 || !e.testBit(0)) {
      throw new IllegalArgumentException("weak RSA key");
    }
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
  }

  private static PublicKey ec(JsonNode jwk) throws GeneralSecurityException, IOException {
    if (!"EC".equals(text(jwk, "kty")) || !"P-256".equals(text(jwk, "crv"))) {
      return null;
    }
    BigInteger x = coordinate(jwk, "x");
    BigInteger y = coordinate(jwk, "y");
    // Refuse a point off the curve before any use (invalid-curve attacks).
    BigInteger p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
    BigInteger rhs = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB())
        .mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.multiply(y).mod(p).equals(rhs)) {
      throw new IllegalArgumentException("not a point on P-256");
    }
    return KeyFactory.getInstance("EC").generatePublic(
        new ECPublicKeySpec(new ECPoint(x, y), P256));
  }

  private static BigInteger coordinate(JsonNode jwk, String name) throws IOException {
    byte[] b = bytes(jwk, name);
    if (b.length != 32) {
      throw new IllegalArgumentException("a P-256 coordinate is 32 bytes");
    }
    return new BigInteger(1, b);
  }

  private static BigInteger unsigned(JsonNode jwk, String name) throws IOException {
    return new BigInteger(1, bytes(jwk, name));
  }

  private static byte[] bytes(JsonNode jwk, String name) throws IOException {
    String v = text(jwk, name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("missing " + name);
    }
    return Base64.getUrlDecoder().decode(v); // IllegalArgumentException when not base64url
  }

  private static String text(JsonNode node, String name) throws IOException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IOException("the JWKS member " + name + " is not a string");
    }
    return v.textValue();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }
}
