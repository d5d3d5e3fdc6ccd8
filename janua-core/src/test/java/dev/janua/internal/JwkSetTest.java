package dev.janua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.KeyRing;
import dev.janua.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an issuer's JWKS: only sound RS256 and ES256 signature keys are kept. */
class JwkSetTest {
  private static final SigningKey RSA = SigningKey.generate("RS256");
  private static final SigningKey EC = SigningKey.generate("ES256");

  private static Map<String, SigningKey> parse(String json) throws IOException {
    return JwkSet.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_janusOwnJwks_keepsEveryKeyForItsAlgorithm() throws IOException {
    Map<String, SigningKey> keys = parse(Keys.jwksJson(List.of(RSA, EC)));
    assertThat(keys).containsOnlyKeys(RSA.kid(), EC.kid());
    assertThat(keys.get(RSA.kid()).algorithm()).isEqualTo("RS256");
    assertThat(keys.get(RSA.kid()).publicKey()).isEqualTo(RSA.publicKey());
    assertThat(keys.get(EC.kid()).algorithm()).isEqualTo("ES256");
    assertThat(keys.get(EC.kid()).publicKey()).isEqualTo(EC.publicKey());
    assertThat(keys.values()).noneMatch(SigningKey::canSign);
  }

  @Test
  void parse_keysOfOtherAlgorithmsUsesOrWithoutAlg_skipped() throws IOException {
    String rsa = Keys.jwksJson(List.of(RSA));
    String jwk = rsa.substring("{\"keys\":[".length(), rsa.length() - 2);
    String json = "{\"keys\":[" + jwk + ","
        + jwk.replace("\"RS256\"", "\"HS256\"").replace(RSA.kid(), "hmac") + ","
        + jwk.replace("\"RS256\"", "\"PS256\"").replace(RSA.kid(), "pss") + ","
        + jwk.replace("\"sig\"", "\"enc\"").replace(RSA.kid(), "enc") + ","
        + jwk.replace("\"alg\":\"RS256\",", "").replace(RSA.kid(), "noalg") + ","
        + "{\"kty\":\"oct\",\"kid\":\"k\",\"alg\":\"HS256\",\"k\":\"c2VjcmV0\"}]}";
    assertThat(parse(json)).containsOnlyKeys(RSA.kid());
  }

  @Test
  void parse_keyWithAPrivateMember_skipped() throws IOException {
    String rsa = Keys.jwksJson(List.of(RSA, EC));
    String json = rsa.replace("\"kty\":\"EC\"", "\"kty\":\"EC\",\"d\":\"AAAA\"");
    assertThat(parse(json)).containsOnlyKeys(RSA.kid());
  }

  @Test
  void parse_pointOffTheCurve_refused() {
    ECPublicKey pub = (ECPublicKey) EC.publicKey();
    BigInteger y = pub.getW().getAffineY().add(BigInteger.ONE);
    byte[] bytes = y.toByteArray();
    byte[] fixed = new byte[32];
    System.arraycopy(bytes, Math.max(0, bytes.length - 32), fixed,
        Math.max(0, 32 - bytes.length), Math.min(32, bytes.length));
    String json = Keys.jwksJson(List.of(EC));
    String yField = json.replaceAll(".*\"y\":\"([^\"]+)\".*", "$1");
    String bad = json.replace(yField, Base64.getUrlEncoder().withoutPadding().encodeToString(fixed));
    assertThatThrownBy(() -> parse(bad)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a valid ES256 key");
  }

  @Test
  void parse_weakRsaKey_refused() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    var pub = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
    String n = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(pub.getModulus().toByteArray());
    String json = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"weak\",\"alg\":\"RS256\",\"n\":\"" + n
        + "\",\"e\":\"AQAB\"}]}";
    assertThatThrownBy(() -> parse(json)).hasMessageContaining("not a valid RS256 key");
  }

  @Test
  void parse_duplicateKidEmptyOrNotJson_refused() {
    String one = Keys.jwksJson(List.of(RSA));
    String jwk = one.substring("{\"keys\":[".length(), one.length() - 2);
    assertThatThrownBy(() -> parse("{\"keys\":[" + jwk + "," + jwk + "]}"))
        .hasMessageContaining("two keys with kid");
    assertThatThrownBy(() -> parse("{\"keys\":[]}")).hasMessageContaining("no RS256 or ES256");
    assertThatThrownBy(() -> parse("{\"nokeys\":1}")).hasMessageContaining("no \"keys\" array");
    assertThatThrownBy(() -> parse("<html>")).hasMessageContaining("not valid JSON");
    assertThat(KeyRing.of(RSA).jwksJson()).isEqualTo(one);
  }

  @Test
  void urls_httpsOrLoopbackHttpOnly() {
    assertThat(Urls.problem(java.net.URI.create("https://auth.example.com/jwks"), false)).isNull();
    assertThat(Urls.problem(java.net.URI.create("http://127.0.0.1:8080/jwks"), false)).isNull();
    assertThat(Urls.problem(java.net.URI.create("http://localhost/jwks"), false)).isNull();
    assertThat(Urls.problem(java.net.URI.create("http://[::1]/jwks"), false)).isNull();
    assertThat(Urls.problem(java.net.URI.create("http://10.0.0.1/jwks"), false)).contains("https");
    assertThat(Urls.problem(java.net.URI.create("http://127.0.0.1.evil.com/j"), false)).isNotNull();
    assertThat(Urls.problem(java.net.URI.create("http://10.0.0.1/jwks"), true)).isNull();
    assertThat(Urls.problem(java.net.URI.create("file:///etc/passwd"), true)).isNotNull();
    assertThat(Urls.problem(java.net.URI.create("https://u:p@auth.example.com/"), false)).isNotNull();
  }
}
