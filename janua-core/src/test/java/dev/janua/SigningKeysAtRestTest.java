package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.Keys;
import dev.janua.internal.SecretBox;
import dev.janua.spi.StoredSigningKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Persistent signing keys are sealed under the key-encryption key in the (in-memory) store. */
class SigningKeysAtRestTest extends EngineTestBase {
  static final String KEK_A = Base64.getEncoder().encodeToString(bytes(1));
  static final String KEK_B = Base64.getEncoder().encodeToString(bytes(2));

  private static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  private AuthEngine persistent(JanuaConfig.Builder c) {
    return AuthEngine.builder().config(c.build()).store(store).clock(clock).persistentKeys(true)
        .build();
  }

  private List<StoredSigningKey> rows() {
    return store.signingKeys().all();
  }

  private static String der(AuthEngine e) {
    return Keys.der(e.signingKeys().ring().active().privateKey());
  }

  @Test
  void persistentKeys_storeHoldsOnlyCiphertext_thatOpensWithTheKidAsAad() {
    AuthEngine e = persistent(config().keyEncryptionKey(KEK_A));
    StoredSigningKey row = rows().get(0);
    assertThat(row.privateKeyDer()).startsWith("v1:").doesNotContain(der(e));
    SecretBox box = SecretBox.of(SecretBox.decodeKey(KEK_A), null);
    assertThat(box.open(row.privateKeyDer(), row.kid()).plaintext()).isEqualTo(der(e));
    AuthResult r = e.signup(email(), PASSWORD, CLIENT, null);
    assertThat(persistent(config().keyEncryptionKey(KEK_A)).validate(r.tokens().accessToken()))
        .isNotNull();
    e.signingKeys().rotate();
    assertThat(rows()).hasSize(2).allSatisfy(k -> assertThat(k.privateKeyDer()).startsWith("v1:"));
  }

  @Test
  void persistentKeys_withoutKek_refusedNamingTheVariable() {
    assertThatThrownBy(() -> persistent(config()))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY"))
        .hasMessageContaining("JANUA_KEY_ENCRYPTION_KEY");
    assertThat(rows()).isEmpty();
  }

  @Test
  void persistentKeys_plaintextAllowed_storesPlaintext_thenMigratedAtStartWithKek_idempotently() {
    AuthEngine plain = persistent(config().allowPlaintextKeys(true));
    String kid = plain.signingKeys().ring().active().kid();
    assertThat(rows().get(0).privateKeyDer()).isEqualTo(der(plain));
    AuthResult r = plain.signup(email(), PASSWORD, CLIENT, null);

    AuthEngine sealed = persistent(config().keyEncryptionKey(KEK_A));
    StoredSigningKey row = rows().get(0);
    assertThat(row.kid()).isEqualTo(kid);
    assertThat(row.privateKeyDer()).startsWith("v1:").doesNotContain(der(plain));
    assertThat(sealed.validate(r.tokens().accessToken())).isNotNull();
    // A second start changes nothing.
    persistent(config().keyEncryptionKey(KEK_A));
    assertThat(rows().get(0).privateKeyDer()).isEqualTo(row.privateKeyDer());
  }

  @Test
  void wrongKek_refusedAtStart_namingKidAndVariable() {
    AuthEngine e = persistent(config().keyEncryptionKey(KEK_A));
    String kid = e.signingKeys().ring().active().kid();
    assertThatThrownBy(() -> persistent(config().keyEncryptionKey(KEK_B)))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            x -> assertThat(x.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY"))
        .hasMessageContaining(kid).hasMessageNotContaining(KEK_B).hasMessageNotContaining(KEK_A);
    // Sealed rows need the key even with the development flag.
    assertThatThrownBy(() -> persistent(config().allowPlaintextKeys(true)))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("is encrypted");
  }

  @Test
  void kekRotation_previousKeyOpens_rowsResealedUnderTheNewKey() {
    AuthEngine old = persistent(config().keyEncryptionKey(KEK_A));
    old.signingKeys().rotate();
    AuthResult r = old.signup(email(), PASSWORD, CLIENT, null);
    List<StoredSigningKey> before = rows();

    persistent(config().keyEncryptionKey(KEK_B).keyEncryptionKeyPrevious(KEK_A));
    List<StoredSigningKey> after = rows();
    assertThat(after).hasSize(2);
    SecretBox onlyB = SecretBox.of(SecretBox.decodeKey(KEK_B), null);
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).privateKeyDer()).isNotEqualTo(before.get(i).privateKeyDer());
      assertThat(onlyB.open(after.get(i).privateKeyDer(), after.get(i).kid()).stale()).isFalse();
    }
    // The previous key is no longer needed; the old one no longer opens anything.
    assertThat(persistent(config().keyEncryptionKey(KEK_B)).validate(r.tokens().accessToken()))
        .isNotNull();
    assertThatThrownBy(() -> persistent(config().keyEncryptionKey(KEK_A)))
        .isInstanceOf(JanuaConfigException.class);
  }

  @Test
  void reloadWhileRunning_keyItCannotDecrypt_refusesTheTokenAndKeepsItsRing() {
    AuthEngine a = persistent(config().keyEncryptionKey(KEK_A));
    String kidA = a.signingKeys().ring().active().kid();
    AuthEngine b = persistent(config().keyEncryptionKey(KEK_B).keyEncryptionKeyPrevious(KEK_A));
    b.signingKeys().rotateNow();
    AuthResult r = b.signup(email(), PASSWORD, CLIENT, null);
    // A, still on the old key-encryption key alone, cannot read B's new key: the token is refused
    // as signed by an unknown key, not answered with a configuration error.
    assertThatThrownBy(() -> a.validate(r.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(a.signingKeys().ring().active().kid()).isEqualTo(kidA);
  }

  @Test
  void tamperedCiphertext_orRowsSwapped_refused() {
    AuthEngine e = persistent(config().keyEncryptionKey(KEK_A));
    e.signingKeys().rotateNow();
    List<StoredSigningKey> keys = rows();
    StoredSigningKey a = keys.get(0);
    StoredSigningKey b = keys.get(1);
    // Swapping the sealed keys of two rows: each is bound to its own kid (the associated data).
    store.signingKeys().replacePrivateKey(a.kid(), a.privateKeyDer(), b.privateKeyDer());
    assertThatThrownBy(() -> persistent(config().keyEncryptionKey(KEK_A)))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining(a.kid());
    store.signingKeys().replacePrivateKey(a.kid(), b.privateKeyDer(), flipLastByte(a.privateKeyDer()));
    assertThatThrownBy(() -> persistent(config().keyEncryptionKey(KEK_A)))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining(a.kid());
    store.signingKeys().replacePrivateKey(a.kid(), flipLastByte(a.privateKeyDer()), a.privateKeyDer());
    assertThat(persistent(config().keyEncryptionKey(KEK_A)).signingKeys().ring().active().kid())
        .isEqualTo(a.kid());
  }

  private static String flipLastByte(String sealed) {
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    return "v1:" + Base64.getEncoder().encodeToString(raw);
  }

  @Test
  void secretBox_freshNoncePerSeal() {
    SecretBox box = SecretBox.of(SecretBox.decodeKey(KEK_A), null);
    assertThat(box.seal("secret", "kid")).isNotEqualTo(box.seal("secret", "kid"));
    assertThat(box.toString()).doesNotContain(KEK_A);
  }

  @Test
  void fromMap_keyEncryptionKeys_checkedWithoutEchoingThem() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of("JANUA_KEY_ENCRYPTION_KEY", KEK_A,
        "JANUA_KEY_ENCRYPTION_KEY_PREVIOUS", KEK_B, "JANUA_ALLOW_PLAINTEXT_KEYS", "true"));
    assertThat(c.keyEncryptionKey()).isEqualTo(KEK_A);
    assertThat(c.keyEncryptionKeyPrevious()).isEqualTo(KEK_B);
    assertThat(c.allowPlaintextKeys()).isTrue();
    assertThat(c.toString()).doesNotContain(KEK_A).doesNotContain(KEK_B);
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JANUA_KEY_ENCRYPTION_KEY", short16)))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY"))
        .hasMessageContaining("32").hasMessageNotContaining(short16);
    String notBase64 = "not-base64-secret!";
    assertThatThrownBy(() -> JanuaConfig.fromMap(
        Map.of("JANUA_KEY_ENCRYPTION_KEY_PREVIOUS", notBase64)))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY_PREVIOUS"))
        .hasMessageNotContaining(notBase64).hasMessageNotContaining("secret");
  }
}
