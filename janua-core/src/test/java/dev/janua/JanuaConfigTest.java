package dev.janua;

import dev.janua.internal.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JanuaConfigTest {

  @Test
  void fromMap_empty_guideDefaults() {
    JanuaConfig c = JanuaConfig.fromMap(Map.of());
    assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(c.algorithm()).isEqualTo("RS256");
    assertThat(c.bcryptRounds()).isEqualTo(12);
    assertThat(c.rateLimitEnabled()).isTrue();
    assertThat(c.rateLimitPerMinute()).isEqualTo(60);
    assertThat(c.rateLimitPerHour()).isEqualTo(1000);
    assertThat(c.rateLimitWhitelist()).isEmpty();
    assertThat(c.trustedProxies()).isEmpty();
    assertThat(c.issuer()).isEqualTo("janua");
    assertThat(c.audience()).isEqualTo("janua");
    assertThat(c.passwordHashConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.signingKeyPem()).isNull();
    assertThat(c).isEqualTo(JanuaConfig.defaults());
  }

  @Test
  void fromMap_everyVariable_read() {
    JanuaConfig c = JanuaConfig.fromMap(Map.ofEntries(
        Map.entry("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "5"),
        Map.entry("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "14"),
        Map.entry("SESSION_MAX_LIFETIME_DAYS", "60"),
        Map.entry("JWT_ALGORITHM", "ES256"),
        Map.entry("JWT_ISSUER", "https://auth.example.com"),
        Map.entry("JWT_AUDIENCE", "api"),
        Map.entry("JWT_CLOCK_SKEW_SECONDS", "10"),
        Map.entry("REFRESH_TOKEN_REUSE_GRACE_SECONDS", "2"),
        Map.entry("BCRYPT_ROUNDS", "10"),
        Map.entry("PASSWORD_HASH_CONCURRENCY", "3"),
        Map.entry("PASSWORD_HASH_QUEUE_TIMEOUT_MS", "250"),
        Map.entry("RATE_LIMIT_ENABLED", "false"),
        Map.entry("RATE_LIMIT_PER_MINUTE", "30"),
        Map.entry("RATE_LIMIT_PER_HOUR", "500"),
        Map.entry("RATE_LIMIT_AUTHENTICATION", "20/200"),
        Map.entry("RATE_LIMIT_WHITELIST", "127.0.0.1,::1,10.0.0.0/8"),
        Map.entry("TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2"),
        Map.entry("TOKEN_CACHE_MAX_SIZE", "0"),
        Map.entry("READY_CHECK_TIMEOUT_MS", "500")));
    assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.refreshTokenTtl()).isEqualTo(Duration.ofDays(14));
    assertThat(c.sessionMaxLifetime()).isEqualTo(Duration.ofDays(60));
    assertThat(c.algorithm()).isEqualTo("ES256");
    assertThat(c.issuer()).isEqualTo("https://auth.example.com");
    assertThat(c.audience()).isEqualTo("api");
    assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.refreshReuseGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.bcryptRounds()).isEqualTo(10);
    assertThat(c.passwordHashConcurrency()).isEqualTo(3);
    assertThat(c.passwordHashQueueTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.rateLimitEnabled()).isFalse();
    assertThat(c.rateLimitRule(RateLimitCategory.DEFAULT)).isEqualTo(new RateLimitRule(30, 500));
    assertThat(c.rateLimitRule(RateLimitCategory.AUTHENTICATION)).isEqualTo(new RateLimitRule(20, 200));
    assertThat(c.rateLimitRule(RateLimitCategory.WEBHOOKS)).isEqualTo(new RateLimitRule(1000, 10000));
    assertThat(c.rateLimitWhitelist()).containsExactly(Cidr.parse("127.0.0.1"), Cidr.parse("::1"), Cidr.parse("10.0.0.0/8"));
    assertThat(c.trustedProxies()).hasSize(2);
    assertThat(c.tokenCacheMaxSize()).isZero();
    assertThat(c.readyTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "JWT_ACCESS_TOKEN_EXPIRE_MINUTES|abc|whole number from 1 to 1440",
      "JWT_ACCESS_TOKEN_EXPIRE_MINUTES|0|whole number from 1 to 1440",
      "JWT_REFRESH_TOKEN_EXPIRE_DAYS|-3|whole number from 1 to 365",
      "BCRYPT_ROUNDS|3|whole number from 4 to 31",
      "BCRYPT_ROUNDS|12.5|whole number from 4 to 31",
      "JWT_ALGORITHM|HS256|one of [RS256, ES256]",
      "RATE_LIMIT_ENABLED|maybe|true or false",
      "RATE_LIMIT_PER_MINUTE|0|whole number",
      "RATE_LIMIT_WHITELIST|10.0.0.0/8,not-an-ip|IP addresses or CIDR ranges",
      "TRUSTED_PROXIES|10.0.0.1/99|IP addresses or CIDR ranges",
      "RATE_LIMIT_TOKEN_REFRESH|30|PER_MINUTE/PER_HOUR"})
  void fromMap_malformed_failsNamingVariableAndExpectation(String variable, String value, String expected) {
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of(variable, value)))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable()).isEqualTo(variable));
  }

  @Test
  void fromMap_sessionCapShorterThanRefreshTtl_fails() {
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "30",
        "SESSION_MAX_LIFETIME_DAYS", "7"))).isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("sessionMaxLifetime");
  }

  @Test
  void privateKey_fromVariableOrFile_neverEchoed(@TempDir Path dir) throws Exception {
    String pem = Keys.privateKeyPem(KeyRing.generate("RS256").active().privateKey());
    assertThat(JanuaConfig.fromMap(Map.of("JWT_PRIVATE_KEY", pem)).signingKeyPem()).isEqualTo(pem.trim());
    Path file = dir.resolve("key.pem");
    Files.writeString(file, pem);
    JanuaConfig fromFile = JanuaConfig.fromMap(Map.of("JWT_PRIVATE_KEY_FILE", file.toString()));
    assertThat(fromFile.signingKeyPem()).isEqualTo(pem);
    assertThat(fromFile.toString()).doesNotContain("PRIVATE KEY").contains("signingKeyPem=(set)");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JWT_PRIVATE_KEY", "s3cr3t-not-a-pem")))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JWT_PRIVATE_KEY_FILE", dir.resolve("missing.pem").toString())))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("JWT_PRIVATE_KEY_FILE");
  }

  @Test
  void builder_checksArgumentsAtOnce_namingThem() {
    assertThatThrownBy(() -> JanuaConfig.builder().bcryptRounds(40).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcryptRounds");
    assertThatThrownBy(() -> JanuaConfig.builder().accessTokenTtl(Duration.ZERO).build())
        .hasMessageContaining("accessTokenTtl");
    JanuaConfig.Builder b = JanuaConfig.builder().bcryptRounds(10);
    JanuaConfig first = b.build();
    JanuaConfig second = b.rateLimitWhitelist(List.of(Cidr.parse("::1"))).build();
    assertThat(first.rateLimitWhitelist()).isEmpty(); // build() copied
    assertThat(second.toBuilder().build()).isEqualTo(second);
  }
}
