package dev.janua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedSuccessorsTest {

  @Test
  void seal_opensWithTheSpentTokenOnly() {
    String spent = RefreshTokens.generate();
    String successor = RefreshTokens.generate();
    String sealed = SealedSuccessors.seal(spent, successor);
    assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain(successor.substring(4));
    assertThat(SealedSuccessors.open(spent, sealed)).contains(successor);
    assertThat(SealedSuccessors.open(RefreshTokens.generate(), sealed)).isEmpty();
    assertThat(SealedSuccessors.open(RefreshTokens.hash(spent), sealed)).isEmpty();
    assertThat(SealedSuccessors.open(successor, sealed)).isEmpty();
  }

  @Test
  void seal_freshNoncePerSeal_sameSuccessorTwoDifferentValues() {
    String spent = RefreshTokens.generate();
    String successor = RefreshTokens.generate();
    assertThat(SealedSuccessors.seal(spent, successor))
        .isNotEqualTo(SealedSuccessors.seal(spent, successor));
  }

  @Test
  void open_alteredOrGarbage_empty() {
    String spent = RefreshTokens.generate();
    String sealed = SealedSuccessors.seal(spent, RefreshTokens.generate());
    byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
    raw[raw.length - 1] ^= 1;
    String altered = SecretBox.PREFIX + Base64.getEncoder().encodeToString(raw);
    assertThat(SealedSuccessors.open(spent, altered)).isEmpty();
    assertThat(SealedSuccessors.open(spent, "v1:!!")).isEmpty();
    assertThat(SealedSuccessors.open(spent, "plain")).isEmpty();
  }

  @Test
  void key_isNotTheStoredHash() {
    String spent = RefreshTokens.generate();
    assertThat(java.util.HexFormat.of().formatHex(SealedSuccessors.key(spent)))
        .hasSize(64).isNotEqualTo(RefreshTokens.hash(spent));
  }
}
