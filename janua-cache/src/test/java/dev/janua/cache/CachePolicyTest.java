package dev.janua.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  @Test
  void defaults_matchTheGuidesTtlTable() {
    CachePolicy p = CachePolicy.defaults();
    assertThat(p.ttl(CacheDataType.USER_PROFILE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.ttl(CacheDataType.SESSION)).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.ttl(CacheDataType.ORGANIZATION)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.ttl(CacheDataType.SETTINGS)).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.ttl(CacheDataType.SSO_CONFIGURATION)).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.ttl(CacheDataType.PERMISSIONS)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.ttl(CacheDataType.JWKS)).isEqualTo(Duration.ofHours(1));
    assertThat(p.failureThreshold()).isEqualTo(5);
    assertThat(p.breakerDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.l1MaximumSize()).isEqualTo(CachePolicy.DEFAULT_L1_MAXIMUM_SIZE);
  }

  @Test
  void fromMap_overridesEachVariable() {
    CachePolicy p = CachePolicy.fromMap(Map.of(
        "CACHE_TTL_USER_SECONDS", "120",
        "CACHE_TTL_SESSION_SECONDS", "30",
        "CACHE_TTL_ORGANIZATION_SECONDS", "600",
        "CACHE_TTL_SETTINGS_SECONDS", "900",
        "CACHE_TTL_SSO_SECONDS", "3600",
        "CACHE_TTL_PERMISSIONS_SECONDS", "0",
        "CACHE_TTL_JWKS_SECONDS", "7200",
        "CACHE_L1_MAX_SIZE", "1000",
        "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
        "CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "10"));
    assertThat(p.ttl(CacheDataType.USER_PROFILE)).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.ttl(CacheDataType.SESSION)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.ttl(CacheDataType.ORGANIZATION)).isEqualTo(Duration.ofSeconds(600));
    assertThat(p.ttl(CacheDataType.SETTINGS)).isEqualTo(Duration.ofSeconds(900));
    assertThat(p.ttl(CacheDataType.SSO_CONFIGURATION)).isEqualTo(Duration.ofSeconds(3600));
    assertThat(p.ttl(CacheDataType.PERMISSIONS)).isZero();
    assertThat(p.ttl(CacheDataType.JWKS)).isEqualTo(Duration.ofSeconds(7200));
    assertThat(p.l1MaximumSize()).isEqualTo(1000);
    assertThat(p.failureThreshold()).isEqualTo(3);
    assertThat(p.breakerDelay()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fromMap_guidesJwksCacheTtl_usedWhenOwnVariableMissing() {
    assertThat(CachePolicy.fromMap(Map.of("JWKS_CACHE_TTL", "1800")).ttl(CacheDataType.JWKS))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(CachePolicy.fromMap(Map.of("JWKS_CACHE_TTL", "1800", "CACHE_TTL_JWKS_SECONDS", "60"))
        .ttl(CacheDataType.JWKS)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void fromMap_malformedOrOutOfRange_namesVariable() {
    assertThatThrownBy(() -> CachePolicy.fromMap(Map.of("CACHE_TTL_USER_SECONDS", "five")))
        .isInstanceOf(JanuaConfigException.class)
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable())
            .isEqualTo("CACHE_TTL_USER_SECONDS"));
    assertThatThrownBy(() -> CachePolicy.fromMap(Map.of("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "0")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("CIRCUIT_BREAKER_FAILURE_THRESHOLD");
    assertThatThrownBy(() -> CachePolicy.fromMap(Map.of("CACHE_L1_MAX_SIZE", "-1")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("CACHE_L1_MAX_SIZE");
    assertThatThrownBy(() -> CachePolicy.fromMap(Map.of("CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "86401")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("CIRCUIT_BREAKER_RECOVERY_TIMEOUT")
        .hasMessageContaining("from 1 to 86400").hasMessageContaining("'86401'");
  }

  @Test
  void builder_badArguments_rejectedByName() {
    assertThatThrownBy(() -> CachePolicy.builder().ttl(CacheDataType.SESSION, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> CachePolicy.builder().failureThreshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureThreshold");
    assertThatThrownBy(() -> CachePolicy.builder().l1MaximumSize(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1MaximumSize");
    assertThatThrownBy(() -> CachePolicy.builder().breakerDelay(null)).hasMessage("breakerDelay");
  }

  @Test
  void builder_badArguments_messageNamesTheVariable() {
    assertThatThrownBy(() -> CachePolicy.builder().ttl(CacheDataType.SESSION, Duration.ofSeconds(-1)))
        .hasMessageContaining("CACHE_TTL_SESSION_SECONDS").hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> CachePolicy.builder().ttl(CacheDataType.USER_PROFILE,
        CachePolicy.MAX_TTL.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CACHE_TTL_USER_SECONDS");
    assertThatThrownBy(() -> CachePolicy.builder().failureThreshold(0))
        .hasMessageContaining("CIRCUIT_BREAKER_FAILURE_THRESHOLD");
    assertThatThrownBy(() -> CachePolicy.builder().l1MaximumSize(-5))
        .hasMessageContaining("CACHE_L1_MAX_SIZE");
    assertThatThrownBy(() -> CachePolicy.builder().breakerDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CIRCUIT_BREAKER_RECOVERY_TIMEOUT");
    assertThatThrownBy(() -> CachePolicy.builder().breakerDelay(Duration.ofDays(1).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CIRCUIT_BREAKER_RECOVERY_TIMEOUT")
        .hasMessageContaining("86400");
    assertThatThrownBy(() -> CachePolicy.builder().sharedOnly(CacheDataType.SESSION, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void builder_rangeEnds_accepted() {
    CachePolicy p = CachePolicy.builder()
        .ttl(CacheDataType.JWKS, CachePolicy.MAX_TTL)
        .ttl(CacheDataType.SESSION, Duration.ZERO)
        .breakerDelay(Duration.ofDays(1))
        .failureThreshold(1)
        .l1MaximumSize(0)
        .build();
    assertThat(p.ttl(CacheDataType.JWKS)).isEqualTo(CachePolicy.MAX_TTL);
    assertThat(p.breakerDelay()).isEqualTo(Duration.ofDays(1));
    assertThat(CachePolicy.builder().breakerDelay(Duration.ZERO).build().breakerDelay()).isZero();
  }

  @Test
  void equals_sameSettings_equal() {
    assertThat(CachePolicy.builder().build()).isEqualTo(CachePolicy.defaults())
        .hasSameHashCodeAs(CachePolicy.defaults());
    assertThat(CachePolicy.builder().failureThreshold(3).build())
        .isNotEqualTo(CachePolicy.defaults());
    assertThat(CachePolicy.defaults().toBuilder().build()).isEqualTo(CachePolicy.defaults());
  }

  @Test
  void toBuilder_copies_andBuildDoesNotShareState() {
    CachePolicy.Builder b = CachePolicy.builder().ttl(CacheDataType.SESSION, Duration.ofSeconds(5));
    CachePolicy first = b.build();
    b.ttl(CacheDataType.SESSION, Duration.ofSeconds(7));
    assertThat(first.ttl(CacheDataType.SESSION)).isEqualTo(Duration.ofSeconds(5));
    assertThat(first.toBuilder().build().ttl(CacheDataType.SESSION)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void fromMap_sharedOnly_parsesTypesAndRejectsUnknown() {
    CachePolicy p = CachePolicy.fromMap(java.util.Map.of("CACHE_SHARED_ONLY", "session, Permissions"));
    org.assertj.core.api.Assertions.assertThat(p.sharedOnly(CacheDataType.SESSION)).isTrue();
    org.assertj.core.api.Assertions.assertThat(p.sharedOnly(CacheDataType.PERMISSIONS)).isTrue();
    org.assertj.core.api.Assertions.assertThat(p.sharedOnly(CacheDataType.USER_PROFILE)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> CachePolicy.fromMap(java.util.Map.of("CACHE_SHARED_ONLY", "sessions")))
        .isInstanceOf(dev.janua.JanuaConfigException.class)
        .hasMessageContaining("CACHE_SHARED_ONLY");
  }
}
