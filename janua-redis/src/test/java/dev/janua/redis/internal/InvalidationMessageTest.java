package dev.janua.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

  @Test
  void encodeDecode_oddCharacters_roundTrip() {
    InvalidationMessage m = new InvalidationMessage(42, "inst-1", 7,
        List.of("user:1", "with space", "line\nbreak", "ünïcode", "", "p%20"),
        List.of("org:", "k "));
    assertThat(InvalidationMessage.decode(m.encode())).isEqualTo(m);
  }

  @Test
  void encode_format_isOneItemPerLine() {
    InvalidationMessage m = InvalidationMessage.of("i", 3, List.of("a b"), List.of("p:"));
    assertThat(m.tail()).isEqualTo("\nfrom i\nnonce 3\nk a+b\np p%3A\n");
    String text = new String(new InvalidationMessage(9, "i", 3, m.keys(), m.prefixes()).encode(),
        StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("janua-invalidation 2\nseq 9\nfrom i\nnonce 3\nk a+b\np p%3A\n");
  }

  @Test
  void decode_versionOne_hasNoSequence() {
    InvalidationMessage m = InvalidationMessage.decode(
        "janua-invalidation 1\nfrom i\nk a\n".getBytes(StandardCharsets.UTF_8));
    assertThat(m.seq()).isEqualTo(-1);
    assertThat(m.nonce()).isEqualTo(-1);
    assertThat(m.keys()).containsExactly("a");
  }

  @Test
  void decode_foreignPayload_throws() {
    assertThatThrownBy(() -> InvalidationMessage.decode("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessage.decode(
        "janua-invalidation 1\nfrom i\nx y\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessage.decode(
        "janua-invalidation 2\nseq x\nfrom i\nnonce 1\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
