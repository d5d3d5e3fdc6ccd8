package dev.janua.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A software WebAuthn authenticator for tests, written here from the specification (not from
 * webauthn4j, which verifies what it makes): one EC P-256 credential, attestation {@code none},
 * authenticator data with its flags and signature counter, the client data a browser would write,
 * ES256 signatures, and the exact JSON shapes of {@code PublicKeyCredential.toJSON()}. Knobs make
 * it misbehave: another origin, another RP id, a counter set by hand, backup flags.
 *
 * <p>For tests and benchmarks of passkey flows only: it keeps its private key in memory and signs
 * whatever it is asked to.
 */
public final class SoftAuthenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final UUID AAGUID = UUID.fromString("adce0002-35bc-c60a-648b-0b25f1f05503");

  private final KeyPair keys;
  private final byte[] credentialId = new byte[32];
  private String origin;
  private String rpIdOverride;
  private byte[] userHandle;
  private long counter;
  private boolean countUp;
  private boolean backupEligible = true;
  private boolean backedUp = true;
  private boolean userVerified = true;

  /** A new authenticator with one fresh P-256 credential, writing {@code origin} into client data. */
  public SoftAuthenticator(String origin) {
    this.origin = origin;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    RANDOM.nextBytes(credentialId);
  }

  /** The origin written into client data from now on. */
  public SoftAuthenticator origin(String o) {
    this.origin = o;
    return this;
  }

  /** Signs for this RP id instead of the one in the options. */
  public SoftAuthenticator rpId(String id) {
    this.rpIdOverride = id;
    return this;
  }

  /** The signature counter of the next response; with {@code countUp}, +1 after each. */
  public SoftAuthenticator counter(long value, boolean up) {
    this.counter = value;
    this.countUp = up;
    return this;
  }

  /** The BE and BS flags. */
  public SoftAuthenticator backup(boolean eligible, boolean state) {
    this.backupEligible = eligible;
    this.backedUp = state;
    return this;
  }

  /** The UV flag. */
  public SoftAuthenticator userVerifying(boolean uv) {
    this.userVerified = uv;
    return this;
  }

  public String credentialId() {
    return B64.encodeToString(credentialId);
  }

  /** {@code navigator.credentials.create} with these creation options, as {@code toJSON()}. */
  public String create(String creationOptionsJson) {
    JsonNode options = read(creationOptionsJson);
    for (JsonNode excluded : options.path("excludeCredentials")) {
      if (excluded.path("id").asText().equals(credentialId())) {
        throw new IllegalStateException("InvalidStateError: the credential is excluded");
      }
    }
    String rpId = rpIdOverride != null ? rpIdOverride : options.path("rp").path("id").asText();
    userHandle = B64D.decode(options.path("user").path("id").asText());
    byte[] clientData = clientData("webauthn.create", options.path("challenge").asText());
    byte[] authData = authenticatorData(rpId, true);
    Map<Object, Object> attestation = new LinkedHashMap<>();
    attestation.put("fmt", "none");
    attestation.put("attStmt", new LinkedHashMap<>());
    attestation.put("authData", authData);
    ObjectNode response = JSON.createObjectNode();
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("attestationObject", B64.encodeToString(cbor(attestation)));
    response.put("authenticatorData", B64.encodeToString(authData));
    response.putArray("transports").add("hybrid").add("internal");
    response.put("publicKeyAlgorithm", -7);
    response.put("publicKey", B64.encodeToString(keys.getPublic().getEncoded()));
    return credential(response);
  }

  /** {@code navigator.credentials.get} with these request options, as {@code toJSON()}. */
  public String get(String requestOptionsJson) {
    JsonNode options = read(requestOptionsJson);
    JsonNode allow = options.path("allowCredentials");
    if (allow.size() > 0) {
      boolean listed = false;
      for (JsonNode a : allow) {
        listed |= a.path("id").asText().equals(credentialId());
      }
      if (!listed) {
        throw new IllegalStateException("NotAllowedError: no allowed credential here");
      }
    }
    String rpId = rpIdOverride != null ? rpIdOverride : options.path("rpId").asText();
    return assertion(rpId, options.path("challenge").asText());
  }

  /** An assertion for any challenge, as an attacker who holds the key could make it. */
  public String assertion(String rpId, String challenge) {
    byte[] clientData = clientData("webauthn.get", challenge);
    byte[] authData = authenticatorData(rpId, false);
    byte[] signature;
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(authData);
      s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("authenticatorData", B64.encodeToString(authData));
    response.put("signature", B64.encodeToString(signature));
    if (userHandle != null) {
      response.put("userHandle", B64.encodeToString(userHandle));
    }
    return credential(response);
  }

  /** Returns this user handle (base64url) in assertions instead of the registered one. */
  public SoftAuthenticator userHandle(String b64) {
    this.userHandle = B64D.decode(b64);
    return this;
  }

  /** Forgets the user handle (an authenticator that returns none, as non-discoverable ones may). */
  public SoftAuthenticator withoutUserHandle() {
    this.userHandle = null;
    return this;
  }

  private String credential(ObjectNode response) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", credentialId());
    c.put("rawId", credentialId());
    c.set("response", response);
    c.put("authenticatorAttachment", "platform");
    c.putObject("clientExtensionResults");
    c.put("type", "public-key");
    return c.toString();
  }

  private byte[] clientData(String type, String challenge) {
    ObjectNode c = JSON.createObjectNode();
    c.put("type", type);
    c.put("challenge", challenge);
    c.put("origin", origin);
    c.put("crossOrigin", false);
    return c.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] authenticatorData(String rpId, boolean attested) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.writeBytes(MessageDigest.getInstance("SHA-256")
          .digest(rpId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    int flags = 0x01; // UP
    if (userVerified) {
      flags |= 0x04;
    }
    if (backupEligible) {
      flags |= 0x08;
    }
    if (backedUp) {
      flags |= 0x10;
    }
    if (attested) {
      flags |= 0x40;
    }
    out.write(flags);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
    if (countUp) {
      counter++;
    }
    if (attested) {
      ByteBuffer aaguid = ByteBuffer.allocate(16);
      aaguid.putLong(AAGUID.getMostSignificantBits()).putLong(AAGUID.getLeastSignificantBits());
      out.writeBytes(aaguid.array());
      out.write(credentialId.length >> 8);
      out.write(credentialId.length & 0xff);
      out.writeBytes(credentialId);
      out.writeBytes(coseKey());
    }
    return out.toByteArray();
  }

  /** The COSE_Key of the public key: EC2, ES256, P-256, x and y. */
  private byte[] coseKey() {
    ECPublicKey pub = (ECPublicKey) keys.getPublic();
    Map<Object, Object> key = new LinkedHashMap<>();
    key.put(1, 2);
    key.put(3, -7);
    key.put(-1, 1);
    key.put(-2, fixed(pub.getW().getAffineX()));
    key.put(-3, fixed(pub.getW().getAffineY()));
    return cbor(key);
  }

  private static byte[] fixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  /** A minimal CBOR encoder: maps, text, byte strings, integers (RFC 8949, definite lengths). */
  public static byte[] cbor(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    if (value instanceof Integer i) {
      if (i >= 0) {
        head(out, 0, i);
      } else {
        head(out, 1, -1L - i);
      }
    } else if (value instanceof byte[] b) {
      head(out, 2, b.length);
      out.writeBytes(b);
    } else if (value instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      head(out, 3, b.length);
      out.writeBytes(b);
    } else if (value instanceof List<?> l) {
      head(out, 4, l.size());
      l.forEach(v -> write(out, v));
    } else if (value instanceof Map<?, ?> m) {
      head(out, 5, m.size());
      m.forEach((k, v) -> {
        write(out, k);
        write(out, v);
      });
    } else {
      throw new IllegalArgumentException("no CBOR for " + value);
    }
  }

  private static void head(ByteArrayOutputStream out, int major, long n) {
    int m = major << 5;
    if (n < 24) {
      out.write(m | (int) n);
    } else if (n < 0x100) {
      out.write(m | 24);
      out.write((int) n);
    } else if (n < 0x10000) {
      out.write(m | 25);
      out.write((int) (n >> 8));
      out.write((int) n & 0xff);
    } else {
      out.write(m | 26);
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) n).array());
    }
  }
}
