package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.ClientInfo;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.testing.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys in {@code signing_keys.private_key_der} are AES-GCM sealed, read back directly. */
class SigningKeysAtRestIT {
  private static final String PASSWORD = "correct horse battery";
  private static final String KEK = Fixtures.KEY_ENCRYPTION_KEY;
  private static final String OTHER_KEK = Base64.getEncoder().encodeToString(new byte[32]);
  private final ClientInfo client = ClientInfo.of("203.0.113.9");
  private String schema;
  private final List<JdbcStore> stores = new ArrayList<>();

  @BeforeEach
  void fresh() {
    schema = TestDatabase.freshSchema(SigningKeysAtRestIT.class) + "_" + Math.abs(System.nanoTime() % 100000);
  }

  @AfterEach
  void close() {
    stores.forEach(JdbcStore::close);
    TestDatabase.dropSchema(schema);
  }

  private AuthEngine engine(JanuaConfig.Builder config) {
    JdbcStore store = JdbcStore.builder().config(TestDatabase.config(schema).build()).build();
    stores.add(store);
    return AuthEngine.builder().config(config.bcryptRounds(4).rateLimitEnabled(false).build())
        .store(store).persistentKeys(true).build();
  }

  /** kid -> private_key_der, straight from the table. */
  private Map<String, String> rows() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT kid, private_key_der FROM \"" + schema
             + "\".signing_keys ORDER BY seq")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  private void setRow(String kid, String value) {
    TestDatabase.execute("UPDATE \"" + schema + "\".signing_keys SET private_key_der = '" + value
        + "' WHERE kid = '" + kid + "'");
  }

  private static void assertNoPkcs8(String value) {
    assertThat(value).startsWith("v1:");
    // Sealed bytes start with a random nonce, so their first byte is 0x30 (an ASN.1 SEQUENCE) one
    // time in 256: what must hold is that no key parser reads a private key out of them.
    byte[] raw = Base64.getDecoder().decode(value.substring(3));
    for (String algorithm : new String[] {"RSA", "EC"}) {
      assertThatThrownBy(() -> java.security.KeyFactory.getInstance(algorithm)
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(raw)))
          .as("the row parses as a PKCS#8 %s key", algorithm)
          .isInstanceOf(java.security.spec.InvalidKeySpecException.class);
    }
  }

  @Test
  void rowHoldsNoPkcs8_andAnotherInstanceWithTheKekVerifies() throws Exception {
    AuthEngine a = engine(JanuaConfig.builder().keyEncryptionKey(KEK));
    AuthResult r = a.signup(Fixtures.uniqueEmail(), PASSWORD, client, null);
    a.signingKeys().rotate();
    Map<String, String> rows = rows();
    assertThat(rows).hasSize(2);
    rows.values().forEach(SigningKeysAtRestIT::assertNoPkcs8);
    assertThat(engine(JanuaConfig.builder().keyEncryptionKey(KEK)).validate(r.tokens().accessToken()))
        .isNotNull();
  }

  @Test
  void missingKek_refusedNamingTheVariable_wrongKek_refusedClearly() {
    assertThatThrownBy(() -> engine(JanuaConfig.builder()))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("JANUA_KEY_ENCRYPTION_KEY");
    engine(JanuaConfig.builder().keyEncryptionKey(KEK));
    assertThatThrownBy(() -> engine(JanuaConfig.builder().keyEncryptionKey(OTHER_KEK)))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY"))
        .hasMessageContaining("cannot be decrypted").hasMessageNotContaining(OTHER_KEK);
  }

  @Test
  void plaintextRows_sealedAtFirstStart_byInstancesStartingAtOnce() throws Exception {
    AuthEngine plain = engine(JanuaConfig.builder().allowPlaintextKeys(true));
    plain.signingKeys().rotate();
    AuthResult r = plain.signup(Fixtures.uniqueEmail(), PASSWORD, client, null);
    Map<String, String> before = rows();
    assertThat(before.values()).allSatisfy(v -> assertThat(v).startsWith("MI"));

    int n = 4;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<AuthEngine>> starts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        starts.add(() -> engine(JanuaConfig.builder().keyEncryptionKey(KEK)));
      }
      for (Future<AuthEngine> f : pool.invokeAll(starts)) {
        assertThat(f.get().validate(r.tokens().accessToken())).isNotNull();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, String> after = rows();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.values().forEach(SigningKeysAtRestIT::assertNoPkcs8);
    // Idempotent: another start leaves the rows as they are.
    engine(JanuaConfig.builder().keyEncryptionKey(KEK));
    assertThat(rows()).isEqualTo(after);
  }

  @Test
  void previousKek_opensOldRows_whichAreResealedWithTheNewKey() throws Exception {
    AuthEngine old = engine(JanuaConfig.builder().keyEncryptionKey(OTHER_KEK));
    AuthResult r = old.signup(Fixtures.uniqueEmail(), PASSWORD, client, null);
    Map<String, String> before = rows();
    engine(JanuaConfig.builder().keyEncryptionKey(KEK).keyEncryptionKeyPrevious(OTHER_KEK));
    Map<String, String> after = rows();
    assertThat(after.values()).doesNotContainAnyElementsOf(before.values());
    assertThat(engine(JanuaConfig.builder().keyEncryptionKey(KEK)).validate(r.tokens().accessToken()))
        .isNotNull();
    assertThatThrownBy(() -> engine(JanuaConfig.builder().keyEncryptionKey(OTHER_KEK)))
        .isInstanceOf(JanuaConfigException.class);
  }

  @Test
  void kidSwappedBetweenRows_orCiphertextAltered_refused() throws Exception {
    AuthEngine a = engine(JanuaConfig.builder().keyEncryptionKey(KEK));
    a.signingKeys().rotate();
    List<Map.Entry<String, String>> rows = new ArrayList<>(rows().entrySet());
    String kidA = rows.get(0).getKey();
    String kidB = rows.get(1).getKey();
    setRow(kidA, rows.get(1).getValue());
    setRow(kidB, rows.get(0).getValue());
    assertThatThrownBy(() -> engine(JanuaConfig.builder().keyEncryptionKey(KEK)))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("cannot be decrypted");
    setRow(kidA, rows.get(0).getValue());
    byte[] raw = Base64.getDecoder().decode(rows.get(1).getValue().substring(3));
    raw[20] ^= 1;
    setRow(kidB, "v1:" + Base64.getEncoder().encodeToString(raw));
    assertThatThrownBy(() -> engine(JanuaConfig.builder().keyEncryptionKey(KEK)))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining(kidB);
    setRow(kidB, rows.get(1).getValue());
    assertThat(engine(JanuaConfig.builder().keyEncryptionKey(KEK))).isNotNull();
  }
}
