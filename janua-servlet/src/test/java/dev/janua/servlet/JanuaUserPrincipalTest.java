package dev.janua.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.Principal;
import dev.janua.testing.JanuaTestEngine;
import org.junit.jupiter.api.Test;

class JanuaUserPrincipalTest {

  @Test
  void wrapsTheEnginePrincipal_nameIsTheUserId() {
    try (JanuaTestEngine janua = JanuaTestEngine.create()) {
      Principal p = janua.signupPrincipal();
      JanuaUserPrincipal user = new JanuaUserPrincipal(p);
      assertThat(user).isInstanceOf(java.security.Principal.class);
      assertThat(user.getName()).isEqualTo(p.userId());
      assertThat(user.principal()).isSameAs(p);
      assertThat(user).isEqualTo(new JanuaUserPrincipal(p)).hasSameHashCodeAs(new JanuaUserPrincipal(p));
      assertThat(user).isNotEqualTo(new JanuaUserPrincipal(janua.signupPrincipal()));
      assertThat(user.toString()).contains(p.userId()).doesNotContain(p.tokenId());
    }
  }
}
