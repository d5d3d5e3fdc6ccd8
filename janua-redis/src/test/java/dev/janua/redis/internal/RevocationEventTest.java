package dev.janua.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationEventTest {
  private static final Instant AT = Instant.parse("2031-05-06T07:08:09.123Z");

  @Test
  void fields_roundTrip_bothKinds() {
    for (RevocationEvent.Kind kind : RevocationEvent.Kind.values()) {
      RevocationEvent e = new RevocationEvent(kind, "id with spaces\nand a line", AT,
          Duration.ofMinutes(16));
      assertThat(RevocationEvent.parse(e.fields())).isEqualTo(e);
    }
  }

  @Test
  void parse_otherVersionOrKind_skipped_malformed_refused() {
    Map<byte[], byte[]> f = new LinkedHashMap<>(
        new RevocationEvent(RevocationEvent.Kind.USER, "u", AT, Duration.ofMinutes(1)).fields());
    Map<byte[], byte[]> v2 = new LinkedHashMap<>();
    f.forEach((k, v) -> v2.put(k, new String(k).equals("v") ? KeyCodec.utf8("2") : v));
    assertThat(RevocationEvent.parse(v2)).isNull();
    Map<byte[], byte[]> org = new LinkedHashMap<>();
    f.forEach((k, v) -> org.put(k, new String(k).equals("kind") ? KeyCodec.utf8("org") : v));
    assertThat(RevocationEvent.parse(org)).isNull();
    Map<byte[], byte[]> bad = new LinkedHashMap<>();
    f.forEach((k, v) -> bad.put(k, new String(k).equals("at") ? KeyCodec.utf8("soon") : v));
    assertThatThrownBy(() -> RevocationEvent.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    Map<byte[], byte[]> noId = new LinkedHashMap<>();
    f.forEach((k, v) -> {
      if (!new String(k).equals("id")) {
        noId.put(k, v);
      }
    });
    assertThatThrownBy(() -> RevocationEvent.parse(noId)).hasMessageContaining("lacks");
  }

  @Test
  void idMillis_readsTheTimePart() {
    assertThat(RevocationEvent.idMillis("1712345678901-3")).isEqualTo(1712345678901L);
    assertThat(RevocationEvent.idMillis("5")).isEqualTo(5L);
  }
}
