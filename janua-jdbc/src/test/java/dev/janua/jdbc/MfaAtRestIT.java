package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.InvalidMfaCodeException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.Principal;
import dev.janua.TotpEnrollment;
import dev.janua.internal.Totp;
import dev.janua.testing.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TOTP secrets at rest on PostgreSQL: {@code mfa_factors.secret} is sealed under the
 * key-encryption key (never the base32 text), recovery codes are hashes, and a persistent store
 * without a key-encryption key refuses to enroll.
 */
class MfaAtRestIT {
  private static final String PASSWORD = "correct horse battery";
  private final ClientInfo client = ClientInfo.of("203.0.113.9");
  private String schema;
  private final List<JdbcStore> stores = new ArrayList<>();

  @BeforeEach
  void fresh() {
    schema = TestDatabase.freshSchema(MfaAtRestIT.class) + "_" + Math.abs(System.nanoTime() % 100000);
  }

  @AfterEach
  void close() {
    stores.forEach(JdbcStore::close);
    TestDatabase.dropSchema(schema);
  }

  private AuthEngine engine(JanuaConfig.Builder config) {
    JdbcStore store = JdbcStore.builder().config(TestDatabase.config(schema).build()).build();
    stores.add(store);
    JanuaConfig c = config.bcryptRounds(4).rateLimitEnabled(false).build();
    return AuthEngine.builder().config(c).store(store)
        .persistentKeys(c.keyEncryptionKey() != null).build();
  }

  private List<String> column(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql.replace("<schema>", "\"" + schema + "\""))) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void secretColumn_isSealed_notTheBase32Secret_andCodesAreHashes() throws Exception {
    AuthEngine a = engine(JanuaConfig.builder().keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY));
    String access = a.signup(Fixtures.uniqueEmail(), PASSWORD, client, null).tokens()
        .accessToken();
    Principal p = a.validate(access);
    TotpEnrollment e = a.mfa().beginTotpEnrollment(p);
    List<String> secrets = column("SELECT secret FROM <schema>.mfa_factors");
    assertThat(secrets).hasSize(1);
    assertThat(secrets.get(0)).startsWith("v1:").doesNotContain(e.secret())
        .doesNotContainIgnoringCase(e.secret().substring(0, 8));
    String first = Totp.code(e.secret(), Totp.step(Instant.now()));
    List<String> codes = a.mfa().confirmTotp(p, first);
    List<String> hashes = column("SELECT code_hash FROM <schema>.mfa_recovery_codes");
    assertThat(hashes).hasSize(10).allMatch(h -> h.matches("[0-9a-f]{64}"));
    assertThat(String.join(",", hashes)).doesNotContain(codes.get(0).replace("-", ""));

    // Another instance with the same key opens the secret and shares the spent codes.
    AuthEngine b = engine(JanuaConfig.builder().keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY));
    Principal q = b.validate(access);
    assertThat(b.mfa().useRecoveryCode(q, codes.get(0))).isEqualTo(9);
    assertThatThrownBy(() -> a.mfa().useRecoveryCode(p, codes.get(0)))
        .isInstanceOf(InvalidMfaCodeException.class);
    assertThatThrownBy(() -> b.mfa().verifyTotp(q, first))
        .isInstanceOf(InvalidMfaCodeException.class);
  }

  @Test
  void persistentStore_withoutAKeyEncryptionKey_refusesToEnroll() {
    AuthEngine a = engine(JanuaConfig.builder());
    String access = a.signup(Fixtures.uniqueEmail(), PASSWORD, client, null).tokens()
        .accessToken();
    Principal p = a.validate(access);
    assertThatThrownBy(() -> a.mfa().beginTotpEnrollment(p))
        .isInstanceOfSatisfying(JanuaConfigException.class,
            x -> assertThat(x.variable()).isEqualTo("JANUA_KEY_ENCRYPTION_KEY"));
    AuthEngine dev = engine(JanuaConfig.builder().allowPlaintextKeys(true));
    TotpEnrollment e = dev.mfa().beginTotpEnrollment(dev.validate(dev.signup(
        Fixtures.uniqueEmail(), PASSWORD, client, null).tokens().accessToken()));
    assertThat(e.secret()).hasSize(32);
  }
}
