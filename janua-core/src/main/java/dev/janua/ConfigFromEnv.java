package dev.janua;

import static java.util.Objects.requireNonNull;

import dev.janua.internal.Cidr;
import dev.janua.internal.EnvReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link JanuaConfig#fromMap}: each variable through the shared {@link EnvReader}, then
 * the builder's own checks, so that every refusal is a {@link JanuaConfigException} naming the
 * variable.
 */
final class ConfigFromEnv {
  private ConfigFromEnv() {}

  static JanuaConfig read(Map<String, String> env) {
    EnvReader r = EnvReader.of(env);
    JanuaConfig.Builder b = JanuaConfig.builder();
    set("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", () -> b.accessTokenTtl(Duration.ofMinutes(
        r.integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 15, 1, 24 * 60))));
    set("JWT_REFRESH_TOKEN_EXPIRE_DAYS", () -> b.refreshTokenTtl(Duration.ofDays(
        r.integer("JWT_REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 365))));
    set("SESSION_MAX_LIFETIME_DAYS", () -> b.sessionMaxLifetime(Duration.ofDays(
        r.integer("SESSION_MAX_LIFETIME_DAYS", 30, 1, 3650))));
    set("API_TOKEN_MAX_LIFETIME_DAYS", () -> b.apiTokenMaxLifetime(Duration.ofDays(
        r.integer("API_TOKEN_MAX_LIFETIME_DAYS", 365, 1, 3650))));
    set("JWT_ALGORITHM", () -> b.algorithm(r.oneOf("JWT_ALGORITHM", "RS256",
        JanuaConfig.ALGORITHMS)));
    set("PUBLIC_BASE_URL", () -> b.publicBaseUrl(requireNonNull(
        r.text("PUBLIC_BASE_URL", "http://localhost:4100"))));
    set("JWT_ISSUER", () -> b.issuer(r.text("JWT_ISSUER", null)));
    set("JWT_AUDIENCE", () -> b.audience(requireNonNull(r.text("JWT_AUDIENCE", "janua"))));
    set("JWT_CLIENT_ID", () -> b.clientId(r.text("JWT_CLIENT_ID", null)));
    set("JWT_ACCESS_TOKEN_TYPE", () -> b.accessTokenType(AccessTokenType.ofHeader(r.oneOf(
        "JWT_ACCESS_TOKEN_TYPE", "JWT", List.of("JWT", "at+jwt")))));
    // A secret: OAuthClients' messages name ids and positions, never a secret.
    set("JANUA_CLIENTS", () -> b.clients(OAuthClients.parse(r.text("JANUA_CLIENTS", ""))));
    set("JWT_CLOCK_SKEW_SECONDS", () -> b.clockSkew(Duration.ofSeconds(
        r.integer("JWT_CLOCK_SKEW_SECONDS", 30, 0, 300))));
    set("REFRESH_TOKEN_REUSE_GRACE_SECONDS", () -> b.refreshReuseGrace(Duration.ofSeconds(
        r.integer("REFRESH_TOKEN_REUSE_GRACE_SECONDS", 5, 0, 60))));
    set("BCRYPT_ROUNDS", () -> b.bcryptRounds(r.integer("BCRYPT_ROUNDS", 12, 4, 31)));
    set("PASSWORD_MIN_SCORE", () -> b.passwordMinScore(r.integer("PASSWORD_MIN_SCORE", 2, 0, 4)));
    set("PASSWORD_HASH_CONCURRENCY", () -> b.passwordHashConcurrency(r.integer(
        "PASSWORD_HASH_CONCURRENCY", Runtime.getRuntime().availableProcessors(), 1, 1024)));
    set("PASSWORD_HASH_QUEUE_TIMEOUT_MS", () -> b.passwordHashQueueTimeout(Duration.ofMillis(
        r.integer("PASSWORD_HASH_QUEUE_TIMEOUT_MS", 5000, 0, 600_000))));
    set("RATE_LIMIT_ENABLED", () -> b.rateLimitEnabled(r.bool("RATE_LIMIT_ENABLED", true)));
    set("RATE_LIMIT_PER_MINUTE", () -> b.rateLimitPerMinute(
        r.integer("RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000)));
    set("RATE_LIMIT_PER_HOUR", () -> b.rateLimitPerHour(
        r.integer("RATE_LIMIT_PER_HOUR", 1000, 1, 100_000_000)));
    for (RateLimitCategory category : RateLimitCategory.values()) {
      if (category != RateLimitCategory.DEFAULT) {
        RateLimitRule rule = r.rule("RATE_LIMIT_" + category.name());
        if (rule != null) {
          b.rateLimit(category, rule);
        }
      }
    }
    set("RATE_LIMIT_WHITELIST", () -> b.rateLimitWhitelist(texts(r.cidrs("RATE_LIMIT_WHITELIST"))));
    set("TRUSTED_PROXIES", () -> b.trustedProxies(texts(r.cidrs("TRUSTED_PROXIES"))));
    set("FORWARDED_HEADER", () -> b.forwardedHeader(
        ForwardedHeader.parse(r.text("FORWARDED_HEADER", "x-forwarded-for"))));
    set("RATE_LIMIT_IPV6_PREFIX", () -> b.rateLimitIpv6Prefix(
        r.integer("RATE_LIMIT_IPV6_PREFIX", 64, 1, 128)));
    set("ACCOUNT_THROTTLE_FAILURES", () -> b.accountThrottleFailures(
        r.integer("ACCOUNT_THROTTLE_FAILURES", 20, 0, 1000)));
    set("ACCOUNT_THROTTLE_WINDOW_MINUTES", () -> b.accountThrottleWindow(Duration.ofMinutes(
        r.integer("ACCOUNT_THROTTLE_WINDOW_MINUTES", 15, 1, 24 * 60))));
    set("MFA_ISSUER", () -> b.mfaIssuer(r.text("MFA_ISSUER", null)));
    set("WEBAUTHN_RP_ID", () -> b.webAuthnRpId(r.text("WEBAUTHN_RP_ID", null)));
    set("WEBAUTHN_RP_NAME", () -> b.webAuthnRpName(r.text("WEBAUTHN_RP_NAME", null)));
    set("WEBAUTHN_ORIGINS", () -> b.webAuthnOrigins(list(r.text("WEBAUTHN_ORIGINS", ""))));
    set("WEBAUTHN_CHALLENGE_SECONDS", () -> b.webAuthnChallengeTtl(Duration.ofSeconds(
        r.integer("WEBAUTHN_CHALLENGE_SECONDS", 300, 10, 3600))));
    set("DEVICE_TOKEN_DAYS", () -> b.deviceTokenTtl(Duration.ofDays(
        r.integer("DEVICE_TOKEN_DAYS", 90, 1, 400))));
    set("MFA_CHALLENGE_SECONDS", () -> b.mfaChallengeTtl(Duration.ofSeconds(
        r.integer("MFA_CHALLENGE_SECONDS", 300, 60, 3600))));
    set("MFA_CHALLENGE_ATTEMPTS", () -> b.mfaChallengeAttempts(
        r.integer("MFA_CHALLENGE_ATTEMPTS", 5, 1, 20)));
    set("MFA_REMEMBER_DAYS", () -> b.mfaRemember(Duration.ofDays(
        r.integer("MFA_REMEMBER_DAYS", 30, 0, 400))));
    set("TOKEN_CACHE_MAX_SIZE", () -> b.tokenCacheMaxSize(
        r.integer("TOKEN_CACHE_MAX_SIZE", 100_000, 0, 100_000_000)));
    set("READY_CHECK_TIMEOUT_MS", () -> b.readyTimeout(Duration.ofMillis(
        r.integer("READY_CHECK_TIMEOUT_MS", 2000, 1, 60_000))));
    for (SystemRole role : SystemRole.values()) {
      String variable = "ROLE_PERMISSIONS_" + role.name();
      String value = r.text(variable, null);
      if (value != null) {
        java.util.Set<String> permissions = new java.util.LinkedHashSet<>();
        for (String p : value.split(",", -1)) {
          permissions.add(p.strip());
        }
        set(variable, () -> b.rolePermissions(role, permissions));
      }
    }
    set("PASSWORD_RESET_EXPIRE_MINUTES", () -> b.passwordResetTtl(Duration.ofMinutes(
        r.integer("PASSWORD_RESET_EXPIRE_MINUTES", 30, 1, 24 * 60))));
    set("EMAIL_VERIFICATION", () -> b.emailVerification(r.bool("EMAIL_VERIFICATION", true)));
    set("EMAIL_VERIFICATION_EXPIRE_HOURS", () -> b.emailVerificationTtl(Duration.ofHours(
        r.integer("EMAIL_VERIFICATION_EXPIRE_HOURS", 24, 1, 720))));
    set("REQUIRE_VERIFIED_EMAIL", () -> b.requireVerifiedEmail(
        r.bool("REQUIRE_VERIFIED_EMAIL", false)));
    set("INVITATION_EXPIRE_HOURS", () -> b.invitationTtl(Duration.ofHours(
        r.integer("INVITATION_EXPIRE_HOURS", 72, 1, 24 * 30))));
    set("SESSION_RETENTION_GRACE_HOURS", () -> b.retentionGrace(Duration.ofHours(
        r.integer("SESSION_RETENTION_GRACE_HOURS", 168, 1, 24 * 3650))));
    set("AUDIT_RETENTION_DAYS", () -> b.auditRetention(Duration.ofDays(
        r.integer("AUDIT_RETENTION_DAYS", 90, 0, 36_500))));
    set("RETENTION_PURGE_INTERVAL_MINUTES", () -> b.retentionPurgeInterval(Duration.ofMinutes(
        r.integer("RETENTION_PURGE_INTERVAL_MINUTES", 60, 0, 7 * 24 * 60))));
    set("RETENTION_BATCH_SIZE", () -> b.retentionBatchSize(
        r.integer("RETENTION_BATCH_SIZE", 500, 1, 100_000)));
    b.signingKeyPem(privateKey(r));
    // Secrets: the builder's messages give the length at most, never the value.
    set("JANUA_KEY_ENCRYPTION_KEY", () -> b.keyEncryptionKey(
        r.text("JANUA_KEY_ENCRYPTION_KEY", null)));
    set("JANUA_KEY_ENCRYPTION_KEY_PREVIOUS", () -> b.keyEncryptionKeyPrevious(
        r.text("JANUA_KEY_ENCRYPTION_KEY_PREVIOUS", null)));
    set("JANUA_ALLOW_PLAINTEXT_KEYS", () -> b.allowPlaintextKeys(
        r.bool("JANUA_ALLOW_PLAINTEXT_KEYS", false)));
    set("JWT_KEY_ROTATION_DAYS", () -> b.keyRotationInterval(Duration.ofDays(
        r.integer("JWT_KEY_ROTATION_DAYS", 0, 0, 3650))));
    set("JWT_KEY_PENDING_SECONDS", () -> b.keyPendingPeriod(Duration.ofSeconds(
        r.integer("JWT_KEY_PENDING_SECONDS", 3600, 60, 86_400))));
    set("JWT_KEY_RELOAD_SECONDS", () -> b.keyReloadInterval(Duration.ofSeconds(
        r.integer("JWT_KEY_RELOAD_SECONDS", 300, 1, 3600))));
    set("JWT_UNKNOWN_KID_RELOAD_SECONDS", () -> b.unknownKidReloadInterval(Duration.ofSeconds(
        r.integer("JWT_UNKNOWN_KID_RELOAD_SECONDS", 5, 1, 3600))));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // What build() checks across settings names the variable it fails on first.
      String message = e.getMessage();
      String variable = message.startsWith("keyPendingPeriod") ? "JWT_KEY_PENDING_SECONDS"
          : message.startsWith("webAuthnOrigins") ? "WEBAUTHN_ORIGINS"
          : message.startsWith("keyRotationInterval") ? "JWT_KEY_ROTATION_DAYS"
          : "SESSION_MAX_LIFETIME_DAYS";
      throw new JanuaConfigException(variable, message);
    }
  }

  /** Applies one variable; a value the setter refuses fails naming the variable. */
  private static void set(String variable, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new JanuaConfigException(variable, e.getMessage());
    }
  }

  /** A comma-separated list, each item stripped, empty items dropped. */
  private static List<String> list(@Nullable String text) {
    if (text == null) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(",")).map(String::strip)
        .filter(t -> !t.isEmpty()).toList();
  }

  private static List<String> texts(List<Cidr> ranges) {
    return ranges.stream().map(Cidr::canonical).toList();
  }

  /** JWT_PRIVATE_KEY or the file named by JWT_PRIVATE_KEY_FILE; never echoes the key. */
  private static @Nullable String privateKey(EnvReader r) {
    String pem = r.text("JWT_PRIVATE_KEY", null);
    String file = r.text("JWT_PRIVATE_KEY_FILE", null);
    if (pem != null && file != null) {
      throw new JanuaConfigException("JWT_PRIVATE_KEY",
          "set JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE, not both");
    }
    String header = JanuaConfig.PEM_HEADER;
    if (file != null) {
      String content;
      try {
        content = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
      } catch (Exception e) {
        throw new JanuaConfigException("JWT_PRIVATE_KEY_FILE",
            "JWT_PRIVATE_KEY_FILE must name a readable PEM file, got '" + file + "' ("
                + e.getClass().getSimpleName() + ")");
      }
      if (!content.contains(header)) {
        throw new JanuaConfigException("JWT_PRIVATE_KEY_FILE", "JWT_PRIVATE_KEY_FILE must name a "
            + "PKCS#8 PEM private key file (" + header + "), got '" + file + "'");
      }
      return content;
    }
    if (pem != null && !pem.contains(header)) {
      // Never echo the value: it is a secret.
      throw new JanuaConfigException("JWT_PRIVATE_KEY",
          "JWT_PRIVATE_KEY must be a PKCS#8 PEM private key (" + header + ")");
    }
    return pem;
  }
}
