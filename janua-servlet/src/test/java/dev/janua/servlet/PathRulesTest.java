package dev.janua.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.servlet.internal.PathRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathRulesTest {

  @Test
  void covers_rootIncluded_everything() {
    PathRules r = PathRules.of(List.of("/"), List.of());
    assertThat(r.covers("/")).isTrue();
    assertThat(r.covers("/anything/at/all")).isTrue();
  }

  @Test
  void covers_prefixesMatchWholeSegments() {
    PathRules r = PathRules.of(List.of("/api"), List.of());
    assertThat(r.covers("/api")).isTrue();
    assertThat(r.covers("/api/")).isTrue();
    assertThat(r.covers("/api/x/y")).isTrue();
    assertThat(r.covers("/apix")).isFalse();
    assertThat(r.covers("/")).isFalse();
    assertThat(r.covers("/other")).isFalse();
  }

  @Test
  void covers_longestMatchDecides() {
    PathRules r = PathRules.of(List.of("/", "/api/v1/auth/me"), List.of("/api/v1/auth/", "/health"));
    assertThat(r.covers("/api/v1/auth/signin")).isFalse();
    assertThat(r.covers("/api/v1/auth/me")).isTrue();
    assertThat(r.covers("/health")).isFalse();
    assertThat(r.covers("/healthz")).isTrue();
    assertThat(r.covers("/api/v1/orgs")).isTrue();
  }

  @Test
  void of_badPrefixes_refusedNamingTheSetting() {
    for (String bad : List.of("api", "/api/*", "/a//b", "/a/../b", "/a/..", "*.do", "/a?b")) {
      assertThatThrownBy(() -> PathRules.of(List.of(bad), List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("includePaths");
    }
    assertThatThrownBy(() -> PathRules.of(List.of("/x"), List.of("/x/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both included and excluded");
  }
}
