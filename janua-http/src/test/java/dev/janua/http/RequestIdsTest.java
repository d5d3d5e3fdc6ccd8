package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void resolve_wellFormedIncoming_keptAsIs() {
    assertThat(RequestIds.resolve("req-42.a_b")).isEqualTo("req-42.a_b");
    assertThat(RequestIds.resolve("x".repeat(128))).isEqualTo("x".repeat(128));
  }

  @Test
  void resolve_missingOrUnsafe_newUuid() {
    for (String bad : new String[] {null, "", "has space", "new\nline", "<script>", "x".repeat(129)}) {
      String id = RequestIds.resolve(bad);
      assertThat(id).isNotEqualTo(bad);
      assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }
  }

  @Test
  void newId_differsEachTime() {
    assertThat(RequestIds.newId()).isNotEqualTo(RequestIds.newId());
  }

  @Test
  void formatResponseTime_millisWithTwoDecimals() {
    assertThat(RequestIds.formatResponseTime(23_456_789)).isEqualTo("23.46ms");
    assertThat(RequestIds.formatResponseTime(-5)).isEqualTo("0.00ms");
  }
}
