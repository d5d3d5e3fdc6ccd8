package dev.janua.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyCodecTest {
  @Test
  void escapeGlob_specialCharacters_areBackslashed() {
    assertThat(KeyCodec.escapeGlob("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
    assertThat(KeyCodec.escapeGlob("user:42")).isEqualTo("user:42");
  }
}
