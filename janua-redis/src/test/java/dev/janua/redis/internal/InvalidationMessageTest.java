package dev.janua.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

  @Test
  void encodeDecode_oddCharacters_roundTrip() {
    InvalidationMessage m = InvalidationMessage.of("inst-1",
        List.of("user:1", "with space", "line\nbreak", "ünïcode", "", "p%20"),
        List.of("org:", "k "));
    assertThat(InvalidationMessage.decode(m.encode())).isEqualTo(m);
  }

  @Test
  void encode_format_isOneItemPerLine() {
    String text = new String(InvalidationMessage.of("i", List.of("a b"), List.of("p:")).encode(),
        StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("janua-invalidation 1\nfrom i\nk a+b\np p%3A\n");
  }

  @Test
  void decode_foreignPayload_throws() {
    assertThatThrownBy(() -> InvalidationMessage.decode("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessage.decode(
        "janua-invalidation 1\nfrom i\nx y\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
