package dev.janua.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.RateLimitCategory;
import dev.janua.metrics.MicrometerPlugin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JanuaFilterConfigTest {

  @Test
  void defaults_everyPathRefusedWithoutTokenUserOperationsLimit() {
    JanuaFilterConfig c = JanuaFilterConfig.defaults();
    assertThat(c.includePaths()).containsExactly("/");
    assertThat(c.excludePaths()).isEmpty();
    assertThat(c.allowAnonymous()).isFalse();
    assertThat(c.rateLimitCategory()).contains(RateLimitCategory.USER_OPERATIONS);
    assertThat(c.mapExceptions()).isTrue();
    assertThat(c.timing().recordsMetrics()).isFalse();
    assertThat(c.covers("/anything")).isTrue();
  }

  @Test
  void builder_settingsKeptAndNormalized_toBuilderCopies() {
    JanuaFilterConfig c = JanuaFilterConfig.builder().includePaths("/api/").excludePaths("/api/public")
        .allowAnonymous(true).noRateLimit().mapExceptions(false)
        .timing(FilterTiming.of(MicrometerPlugin.of(new SimpleMeterRegistry()).requestTimer())).build();
    assertThat(c.includePaths()).containsExactly("/api");
    assertThat(c.excludePaths()).containsExactly("/api/public");
    assertThat(c.allowAnonymous()).isTrue();
    assertThat(c.rateLimitCategory()).isEmpty();
    assertThat(c.mapExceptions()).isFalse();
    assertThat(c.timing().recordsMetrics()).isTrue();
    assertThat(c.covers("/api/public/x")).isFalse();
    assertThat(c.covers("/api/private")).isTrue();
    JanuaFilterConfig d = c.toBuilder().rateLimitCategory(RateLimitCategory.ADMIN_OPERATIONS).build();
    assertThat(d.rateLimitCategory()).contains(RateLimitCategory.ADMIN_OPERATIONS);
    assertThat(d.excludePaths()).isEqualTo(c.excludePaths());
    assertThat(d.timing().recordsMetrics()).isTrue();
  }

  @Test
  void builder_badArguments_refusedAtOnce() {
    assertThatThrownBy(() -> JanuaFilterConfig.builder().excludePaths("health"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excludePaths");
    assertThatThrownBy(() -> JanuaFilterConfig.builder().rateLimitCategory(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("rateLimitCategory");
    assertThatThrownBy(() -> JanuaFilterConfig.builder().includePaths("/a").excludePaths("/a").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromInitParameters_readsEveryParameter() {
    Map<String, String> p = Map.of("include-paths", "/api, /admin", "exclude-paths", "/api/health",
        "allow-anonymous", "TRUE", "rate-limit-category", "admin_operations", "map-exceptions", "false");
    JanuaFilterConfig c = JanuaFilterConfig.fromInitParameters(p::get, null);
    assertThat(c.includePaths()).containsExactly("/api", "/admin");
    assertThat(c.excludePaths()).containsExactly("/api/health");
    assertThat(c.allowAnonymous()).isTrue();
    assertThat(c.rateLimitCategory()).contains(RateLimitCategory.ADMIN_OPERATIONS);
    assertThat(c.mapExceptions()).isFalse();
    assertThat(JanuaFilterConfig.fromInitParameters(Map.of("rate-limit-category", "none")::get, null)
        .rateLimitCategory()).isEmpty();
    assertThat(JanuaFilterConfig.fromInitParameters(k -> null, null).toString())
        .isEqualTo(JanuaFilterConfig.defaults().toString());
  }

  @Test
  void fromInitParameters_requestTimerAttribute_timesWithIt() {
    Object timer = MicrometerPlugin.of(new SimpleMeterRegistry()).requestTimer();
    assertThat(JanuaFilterConfig.fromInitParameters(k -> null, timer).timing().recordsMetrics()).isTrue();
    assertThatThrownBy(() -> JanuaFilterConfig.fromInitParameters(k -> null, "not a timer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.janua.metrics.RequestTimer");
  }

  @Test
  void fromInitParameters_badValues_refusedNamingTheParameter() {
    for (Map<String, String> bad : List.of(Map.of("allow-anonymous", "yes"),
        Map.of("map-exceptions", "1"), Map.of("rate-limit-category", "lots"),
        Map.of("include-paths", "/api/*"), Map.of("exclude-paths", "relative"))) {
      String name = bad.keySet().iterator().next();
      assertThatThrownBy(() -> JanuaFilterConfig.fromInitParameters(bad::get, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }
    assertThatThrownBy(() -> JanuaFilterConfig.fromInitParameters(
        Map.of("include-paths", "/a", "exclude-paths", "/a")::get, null))
        .hasMessageContaining("include-paths").hasMessageContaining("exclude-paths");
  }
}
