package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.internal.Keys;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
    assertThat(c.publicBaseUrl()).isEqualTo("http://localhost:4100");
    assertThat(c.issuer()).isEqualTo("http://localhost:4100");
    assertThat(c.audience()).isEqualTo("janua");
    assertThat(c.clientId()).isEqualTo("janua");
    assertThat(c.accessTokenType()).isEqualTo(AccessTokenType.JWT);
    assertThat(c.clients().isEmpty()).isTrue();
    assertThat(c.passwordHashConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.passwordMinScore()).isEqualTo(2);
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
        Map.entry("PUBLIC_BASE_URL", "https://janua.internal.example/"),
        Map.entry("JWT_ISSUER", "https://auth.example.com"),
        Map.entry("JWT_AUDIENCE", "api"),
        Map.entry("JWT_CLIENT_ID", "web-app"),
        Map.entry("JWT_ACCESS_TOKEN_TYPE", "at+jwt"),
        Map.entry("JANUA_CLIENTS", "orders:0123456789abcdef0123, billing:fedcba9876543210fedc"),
        Map.entry("JWT_CLOCK_SKEW_SECONDS", "10"),
        Map.entry("REFRESH_TOKEN_REUSE_GRACE_SECONDS", "2"),
        Map.entry("BCRYPT_ROUNDS", "10"),
        Map.entry("PASSWORD_HASH_CONCURRENCY", "3"),
        Map.entry("PASSWORD_MIN_SCORE", "3"),
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
    assertThat(c.publicBaseUrl()).isEqualTo("https://janua.internal.example");
    assertThat(c.issuer()).isEqualTo("https://auth.example.com");
    assertThat(c.audience()).isEqualTo("api");
    assertThat(c.clientId()).isEqualTo("web-app");
    assertThat(c.accessTokenType()).isEqualTo(AccessTokenType.AT_JWT);
    assertThat(c.clients().ids()).containsExactly("orders", "billing");
    assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.refreshReuseGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.bcryptRounds()).isEqualTo(10);
    assertThat(c.passwordHashConcurrency()).isEqualTo(3);
    assertThat(c.passwordMinScore()).isEqualTo(3);
    assertThat(c.passwordHashQueueTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.rateLimitEnabled()).isFalse();
    assertThat(c.rateLimitRule(RateLimitCategory.DEFAULT)).isEqualTo(new RateLimitRule(30, 500));
    assertThat(c.rateLimitRule(RateLimitCategory.AUTHENTICATION)).isEqualTo(new RateLimitRule(20, 200));
    assertThat(c.rateLimitRule(RateLimitCategory.WEBHOOKS)).isEqualTo(new RateLimitRule(1000, 10000));
    assertThat(c.rateLimitWhitelist()).containsExactly("127.0.0.1", "::1", "10.0.0.0/8");
    assertThat(c.trustedProxies()).hasSize(2).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(c.tokenCacheMaxSize()).isZero();
    assertThat(c.readyTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void fromMap_retention_defaultsAndVariables() {
    JanuaConfig d = JanuaConfig.fromMap(Map.of());
    assertThat(d.retentionGrace()).isEqualTo(Duration.ofHours(168));
    assertThat(d.auditRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(d.retentionPurgeInterval()).isEqualTo(Duration.ofMinutes(60));
    assertThat(d.retentionBatchSize()).isEqualTo(500);
    JanuaConfig c = JanuaConfig.fromMap(Map.of("SESSION_RETENTION_GRACE_HOURS", "24",
        "AUDIT_RETENTION_DAYS", "0", "RETENTION_PURGE_INTERVAL_MINUTES", "0",
        "RETENTION_BATCH_SIZE", "250"));
    assertThat(c.retentionGrace()).isEqualTo(Duration.ofHours(24));
    assertThat(c.auditRetention()).isZero();
    assertThat(c.retentionPurgeInterval()).isZero();
    assertThat(c.retentionBatchSize()).isEqualTo(250);
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("SESSION_RETENTION_GRACE_HOURS", "0")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("SESSION_RETENTION_GRACE_HOURS");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("RETENTION_BATCH_SIZE", "0")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("RETENTION_BATCH_SIZE");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("AUDIT_RETENTION_DAYS", "-1")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("AUDIT_RETENTION_DAYS");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "JWT_ACCESS_TOKEN_EXPIRE_MINUTES|abc|whole number from 1 to 1440",
      "JWT_ACCESS_TOKEN_EXPIRE_MINUTES|0|whole number from 1 to 1440",
      "JWT_REFRESH_TOKEN_EXPIRE_DAYS|-3|whole number from 1 to 365",
      "BCRYPT_ROUNDS|3|whole number from 4 to 31",
      "BCRYPT_ROUNDS|12.5|whole number from 4 to 31",
      "PASSWORD_MIN_SCORE|5|whole number from 0 to 4",
      "JWT_ALGORITHM|HS256|one of [RS256, ES256]",
      "RATE_LIMIT_ENABLED|maybe|true or false",
      "RATE_LIMIT_PER_MINUTE|0|whole number",
      "RATE_LIMIT_WHITELIST|10.0.0.0/8,not-an-ip|IP addresses or CIDR ranges",
      "TRUSTED_PROXIES|10.0.0.1/99|IP addresses or CIDR ranges",
      "RATE_LIMIT_TOKEN_REFRESH|30|PER_MINUTE/PER_HOUR",
      "JWT_ISSUER|janua|absolute http or https URL",
      "JWT_ISSUER|https://auth.example.com/?tenant=1|without query",
      "JWT_ISSUER|https://auth.example.com/#x|without query, fragment",
      "JWT_ISSUER|HTTPS://auth.example.com|absolute http or https URL",
      "JWT_ISSUER|/relative/path|absolute http or https URL",
      "PUBLIC_BASE_URL|ftp://files.example.com|absolute http or https URL",
      "PUBLIC_BASE_URL|localhost:4100|absolute http or https URL",
      "JWT_ACCESS_TOKEN_TYPE|jwt|one of [JWT, at+jwt]",
      "JWT_ACCESS_TOKEN_TYPE|application/at+jwt|one of [JWT, at+jwt]",
      "JANUA_CLIENTS|orders|id:secret pairs",
      "JANUA_CLIENTS|orders:short|16 to 256 characters",
      "JANUA_CLIENTS|bad id:0123456789abcdef0123|client id must be"})
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
    // The setter itself refuses, before build().
    assertThatThrownBy(() -> JanuaConfig.builder().bcryptRounds(40))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcryptRounds");
    assertThatThrownBy(() -> JanuaConfig.builder().accessTokenTtl(Duration.ZERO))
        .hasMessageContaining("accessTokenTtl");
    JanuaConfig.Builder b = JanuaConfig.builder().bcryptRounds(10);
    JanuaConfig first = b.build();
    JanuaConfig second = b.rateLimitWhitelist(List.of("::1")).build();
    assertThat(first.rateLimitWhitelist()).isEmpty(); // build() copied
    assertThat(second.toBuilder().build()).isEqualTo(second);
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("accessTokenTtl", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", b -> b.accessTokenTtl(Duration.ofSeconds(-1))),
        bad("refreshTokenTtl", "JWT_REFRESH_TOKEN_EXPIRE_DAYS", b -> b.refreshTokenTtl(Duration.ZERO)),
        bad("sessionMaxLifetime", "SESSION_MAX_LIFETIME_DAYS", b -> b.sessionMaxLifetime(Duration.ZERO)),
        bad("algorithm", "JWT_ALGORITHM", b -> b.algorithm("HS256")),
        bad("issuer", "JWT_ISSUER", b -> b.issuer(" ")),
        bad("issuer", "JWT_ISSUER", b -> b.issuer("urn:janua")),
        bad("publicBaseUrl", "PUBLIC_BASE_URL", b -> b.publicBaseUrl("http://")),
        bad("audience", "JWT_AUDIENCE", b -> b.audience("")),
        bad("clientId", "JWT_CLIENT_ID", b -> b.clientId(" ")),
        bad("clockSkew", "JWT_CLOCK_SKEW_SECONDS", b -> b.clockSkew(Duration.ofSeconds(-1))),
        bad("refreshReuseGrace", "REFRESH_TOKEN_REUSE_GRACE_SECONDS", b -> b.refreshReuseGrace(Duration.ofMillis(-1))),
        bad("bcryptRounds", "BCRYPT_ROUNDS", b -> b.bcryptRounds(3)),
        bad("passwordHashConcurrency", "PASSWORD_HASH_CONCURRENCY", b -> b.passwordHashConcurrency(0)),
        bad("passwordMinScore", "PASSWORD_MIN_SCORE", b -> b.passwordMinScore(5)),
        bad("passwordHashQueueTimeout", "PASSWORD_HASH_QUEUE_TIMEOUT_MS", b -> b.passwordHashQueueTimeout(Duration.ofMillis(-5))),
        bad("rateLimitPerMinute", "RATE_LIMIT_PER_MINUTE", b -> b.rateLimitPerMinute(0)),
        bad("rateLimitPerHour", "RATE_LIMIT_PER_HOUR", b -> b.rateLimitPerHour(-1)),
        bad("rateLimitWhitelist", "RATE_LIMIT_WHITELIST", b -> b.rateLimitWhitelist("10.0.0.0/8", "not-an-ip")),
        bad("trustedProxies", "TRUSTED_PROXIES", b -> b.trustedProxies(List.of("10.0.0.1/99"))),
        bad("tokenCacheMaxSize", "TOKEN_CACHE_MAX_SIZE", b -> b.tokenCacheMaxSize(-1)),
        bad("readyTimeout", "READY_CHECK_TIMEOUT_MS", b -> b.readyTimeout(Duration.ZERO)),
        bad("signingKeyPem", "JWT_PRIVATE_KEY", b -> b.signingKeyPem("s3cr3t-not-a-pem")));
  }

  private static Arguments bad(String setter, String variable, Consumer<JanuaConfig.Builder> call) {
    return Arguments.of(setter, variable, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void builder_eachSetter_refusesABadValueAtOnce_namingSettingAndVariable(String setter,
      String variable, Consumer<JanuaConfig.Builder> call) {
    JanuaConfig.Builder b = JanuaConfig.builder();
    assertThatThrownBy(() -> call.accept(b))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setter + " (" + variable + ")")
        .hasMessageNotContaining("s3cr3t");
    // The refused value left the builder as it was.
    assertThat(b.build()).isEqualTo(JanuaConfig.defaults());
  }

  @Test
  void builder_nulls_refusedNamingTheSetting() {
    JanuaConfig.Builder b = JanuaConfig.builder();
    assertThatThrownBy(() -> b.accessTokenTtl(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("accessTokenTtl");
    assertThatThrownBy(() -> b.publicBaseUrl(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("publicBaseUrl");
    assertThatThrownBy(() -> b.accessTokenType(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("accessTokenType");
    assertThatThrownBy(() -> b.clients(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clients");
    assertThatThrownBy(() -> b.rateLimitWhitelist((List<String>) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("rateLimitWhitelist");
    assertThatThrownBy(() -> b.trustedProxies(Arrays.asList("10.0.0.1", null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("trustedProxies");
    assertThatThrownBy(() -> b.rateLimitWhitelist("10.0.0.1", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("rateLimitWhitelist");
    assertThatThrownBy(() -> b.trustedProxies((String[]) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("trustedProxies");
    // null is the one way to say "no PEM key".
    assertThat(b.signingKeyPem(null).build().signingKeyPem()).isNull();
  }

  @Test
  void issuer_derivedFromPublicBaseUrl_unlessSet_trailingSlashesDroppedOnce() {
    JanuaConfig c = JanuaConfig.builder().publicBaseUrl(" https://auth.example.com/janua// ").build();
    assertThat(c.publicBaseUrl()).isEqualTo("https://auth.example.com/janua");
    assertThat(c.issuer()).isEqualTo("https://auth.example.com/janua");
    JanuaConfig set = c.toBuilder().issuer("https://issuer.example.com/").build();
    assertThat(set.issuer()).isEqualTo("https://issuer.example.com");
    assertThat(set.publicBaseUrl()).isEqualTo("https://auth.example.com/janua");
    // null derives it again, also from a base URL set afterwards.
    assertThat(set.toBuilder().issuer(null).publicBaseUrl("http://127.0.0.1:8080").build().issuer())
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(JanuaConfig.fromMap(Map.of("PUBLIC_BASE_URL", "https://a.example/")).issuer())
        .isEqualTo("https://a.example");
    assertThat(JanuaConfig.fromMap(Map.of("JWT_AUDIENCE", "api")).clientId()).isEqualTo("api");
    // A URL with user info is refused without quoting it.
    assertThatThrownBy(() -> JanuaConfig.builder().issuer("https://user:s3cr3t@auth.example.com"))
        .hasMessageStartingWith("issuer (JWT_ISSUER)").hasMessageNotContaining("s3cr3t");
  }

  @Test
  void clients_heldAsHashesOnly_neverPrinted() {
    String secret = "s3cr3t0123456789abcdef";
    JanuaConfig c = JanuaConfig.fromMap(Map.of("JANUA_CLIENTS", "orders:" + secret));
    assertThat(c.toString()).contains("clients=[orders]").doesNotContain(secret);
    assertThat(c.clients().toString()).doesNotContain(secret);
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JANUA_CLIENTS", "orders:" + secret
        + ",orders:" + secret))).isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("registered twice").hasMessageNotContaining(secret);
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JANUA_CLIENTS", "orders:" + secret + "!")))
        .isInstanceOf(JanuaConfigException.class).hasMessageNotContaining(secret);
  }

  @Test
  void configValues_everyFieldIsCompared_andPrinted() throws Exception {
    // A setting added to ConfigValues but forgotten in all() or toString() would be ignored by
    // equals or hidden from the log: each field's default differs from its changed value here.
    java.lang.reflect.Field[] fields = ConfigValues.class.getDeclaredFields();
    ConfigValues v = new ConfigValues();
    assertThat(v.all()).hasSize(fields.length);
    for (java.lang.reflect.Field f : fields) {
      assertThat(v.toString()).as(f.getName()).contains(f.getName() + "=");
    }
  }

  @Test
  void builder_ranges_parsedAtOnce_keptInOneSpelling() {
    JanuaConfig c = JanuaConfig.builder()
        .rateLimitWhitelist(" 192.168.1.77/24", "0:0:0:0:0:0:0:1", "2001:DB8::/32", "10.0.0.1/32")
        .trustedProxies(List.of("[::ffff:10.0.0.2]", "fd00::/8"))
        .build();
    assertThat(c.rateLimitWhitelist()).containsExactly("192.168.1.0/24", "::1", "2001:db8::/32", "10.0.0.1");
    assertThat(c.trustedProxies()).containsExactly("10.0.0.2", "fd00::/8");
    assertThat(c).isEqualTo(JanuaConfig.builder()
        .rateLimitWhitelist("192.168.1.0/24", "::1", "2001:db8::/32", "10.0.0.1")
        .trustedProxies("10.0.0.2", "fd00::/8").build());
    assertThatThrownBy(() -> c.rateLimitWhitelist().add("10.0.0.0/8"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(JanuaConfig.fromMap(Map.of("RATE_LIMIT_WHITELIST", "192.168.1.77/24, 0::1")).rateLimitWhitelist())
        .containsExactly("192.168.1.0/24", "::1");
    assertThatThrownBy(() -> JanuaConfig.builder().rateLimitWhitelist("10.0.0.0/8", "evil.example"))
        .hasMessageContaining("'evil.example'");
    // A list given to the builder is copied: changing it later changes nothing.
    List<String> mine = new ArrayList<>(List.of("10.0.0.0/8"));
    JanuaConfig.Builder b = JanuaConfig.builder().rateLimitWhitelist(mine);
    mine.add("11.0.0.0/8");
    assertThat(b.build().rateLimitWhitelist()).containsExactly("10.0.0.0/8");
  }

  @Test
  void build_sessionCapShorterThanRefreshTtl_refusedByBuild_whateverTheSetterOrder() {
    // Setters accept a value that is only wrong next to another one; build() decides.
    JanuaConfig c = JanuaConfig.builder().refreshTokenTtl(Duration.ofDays(60))
        .sessionMaxLifetime(Duration.ofDays(90)).build();
    assertThat(c.sessionMaxLifetime()).isEqualTo(Duration.ofDays(90));
    JanuaConfig.Builder b = JanuaConfig.builder().sessionMaxLifetime(Duration.ofDays(3));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionMaxLifetime (SESSION_MAX_LIFETIME_DAYS")
        .hasMessageContaining("refreshTokenTtl (JWT_REFRESH_TOKEN_EXPIRE_DAYS");
    assertThat(b.refreshTokenTtl(Duration.ofDays(3)).build().refreshTokenTtl()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void equalsHashCodeToString_valueSemantics_keyNeverPrinted() {
    String pem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n";
    JanuaConfig a = JanuaConfig.builder().bcryptRounds(10).signingKeyPem(pem)
        .rateLimit(RateLimitCategory.WEBHOOKS, new RateLimitRule(7, 70)).rateLimitWhitelist("::1").build();
    JanuaConfig same = JanuaConfig.builder().rateLimitWhitelist("0::1")
        .rateLimit(RateLimitCategory.WEBHOOKS, new RateLimitRule(7, 70)).signingKeyPem(pem).bcryptRounds(10).build();
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(JanuaConfig.defaults());
    assertThat(a.toBuilder().build()).isEqualTo(a);
    assertThat(a.toBuilder().bcryptRounds(11).build()).isNotEqualTo(a);
    assertThat(a.toBuilder().signingKeyPem(null).build()).isNotEqualTo(a);
    assertThat(a.toString()).contains("bcryptRounds=10", "rateLimitWhitelist=[::1]",
        "rateLimitOverrides={WEBHOOKS=7/70}", "signingKeyPem=(set)")
        .doesNotContain("PRIVATE KEY", "c2VjcmV0");
    assertThat(JanuaConfig.defaults().toString()).contains("signingKeyPem=none");
    assertThat(a.rateLimitOverrides()).containsExactly(Map.entry(RateLimitCategory.WEBHOOKS, new RateLimitRule(7, 70)));
    assertThatThrownBy(() -> a.rateLimitOverrides().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fromMap_keyFileWithoutPem_failsNamingTheFileVariable_neverEchoingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("key.txt");
    Files.writeString(file, "s3cr3t-not-a-pem");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("JWT_PRIVATE_KEY_FILE", file.toString())))
        .isInstanceOf(JanuaConfigException.class)
        .hasMessageContaining("JWT_PRIVATE_KEY_FILE").hasMessageNotContaining("s3cr3t")
        .satisfies(e -> assertThat(((JanuaConfigException) e).variable()).isEqualTo("JWT_PRIVATE_KEY_FILE"));
  }

  @Test
  void publicApi_isAFinalClassMadeByItsBuilder_withNoInternalType() {
    for (Class<?> type : List.of(JanuaConfig.class, JanuaConfig.Builder.class)) {
      assertThat(Modifier.isFinal(type.getModifiers())).as(type + " is final").isTrue();
      assertThat(type.isRecord()).isFalse();
      assertThat(type.getConstructors()).as(type + " has no public constructor").isEmpty();
      for (Method m : type.getMethods()) {
        List<String> types = new ArrayList<>();
        types.add(m.getGenericReturnType().getTypeName());
        for (java.lang.reflect.Type p : m.getGenericParameterTypes()) {
          types.add(p.getTypeName());
        }
        assertThat(types).as(m.toString()).noneMatch(t -> t.contains("dev.janua.internal"));
      }
    }
  }
}
