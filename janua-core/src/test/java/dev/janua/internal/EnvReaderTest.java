package dev.janua.internal;

import dev.janua.JanuaConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReaderTest {
  enum Mode { OPEN, CLOSED }

  private final EnvReader r = EnvReader.of(Map.of("N", " 42 ", "BIG", "9000000000", "MODE", "Closed",
      "BLANK", "  ", "FLAG", "off"));

  @Test
  void values_trimmed_defaultsForUnsetAndBlank() {
    assertThat(r.integer("N", 1, 0, 100)).isEqualTo(42);
    assertThat(r.longValue("BIG", 1, 0, Long.MAX_VALUE)).isEqualTo(9_000_000_000L);
    assertThat(r.integer("MISSING", 7, 0, 100)).isEqualTo(7);
    assertThat(r.text("BLANK", "d")).isEqualTo("d");
    assertThat(r.isSet("BLANK")).isFalse();
    assertThat(r.bool("FLAG", true)).isFalse();
    assertThat(r.choice("MODE", Mode.OPEN, Mode.class)).isEqualTo(Mode.CLOSED);
  }

  @Test
  void malformed_failsNamingVariableAndExpectation() {
    assertThatThrownBy(() -> r.integer("N", 1, 0, 10))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessage("N must be a whole number from 0 to 10, got '42'");
    assertThatThrownBy(() -> r.integer("BIG", 1, 0, Integer.MAX_VALUE))
        .hasMessageContaining("BIG must be a whole number");
    assertThatThrownBy(() -> EnvReader.of(Map.of("MODE", "half")).choice("MODE", Mode.OPEN, Mode.class))
        .hasMessage("MODE must be one of [open, closed], got 'half'");
  }
}
