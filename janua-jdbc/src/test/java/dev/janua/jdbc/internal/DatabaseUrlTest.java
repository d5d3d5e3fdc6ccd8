package dev.janua.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void parse_guideForm_splitsUserAndPassword() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://user:pass@host:5432/janua");
    assertThat(u).isEqualTo(new DatabaseUrl("jdbc:postgresql://host:5432/janua", "user", "pass"));
  }

  @Test
  void parse_percentEscapesAndSlashInPassword_decoded() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://us%3Aer:p%40ss/w+rd@host/db?sslmode=verify-full");
    assertThat(u.username()).isEqualTo("us:er");
    assertThat(u.password()).isEqualTo("p@ss/w+rd");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db?sslmode=verify-full");
  }

  @Test
  void parse_jdbcUrlWithoutUserInfo_keptAsIs() {
    DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://a:5432,b:5433/db?targetServerType=primary");
    assertThat(u).isEqualTo(new DatabaseUrl(
        "jdbc:postgresql://a:5432,b:5433/db?targetServerType=primary", null, null));
  }

  @Test
  void parse_ipv6Host_accepted() {
    assertThat(DatabaseUrl.parse("postgresql://u@[::1]:5432/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5432/db");
  }

  @Test
  void parse_userWithoutPassword_passwordNull() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://only@host/db");
    assertThat(u.username()).isEqualTo("only");
    assertThat(u.password()).isNull();
  }

  @Test
  void parse_malformed_rejectedWithoutQuotingSecret() {
    assertThatThrownBy(() -> DatabaseUrl.parse("http://u:secret@h/db"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@/db"))
        .hasMessageContaining("host").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h:port/db"))
        .hasMessageContaining("port").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:%zz@h/db"))
        .hasMessageContaining("password").hasMessageNotContaining("%zz");
  }

  @Test
  void toString_andRedact_hidePassword() {
    assertThat(DatabaseUrl.parse("postgresql://u:secret@h/db").toString())
        .doesNotContain("secret").contains("****");
    assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?password=secret&user=u"))
        .isEqualTo("jdbc:postgresql://h/db?password=****&user=u");
  }
}
