package dev.janua;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link JanuaConfig} and of its builder, starting at the performance guide's
 * defaults: one list of fields, so that a new setting is one field here, one accessor and one
 * setter. Every value held is immutable, so {@link #copy()} is a shallow copy. A builder changes
 * only its own instance; a {@code JanuaConfig} holds a copy that nothing changes after {@code
 * build()}, published through its final field.
 */
final class ConfigValues implements Cloneable {
  Duration accessTokenTtl = Duration.ofMinutes(15);
  Duration refreshTokenTtl = Duration.ofDays(7);
  Duration sessionMaxLifetime = Duration.ofDays(30);
  Duration apiTokenMaxLifetime = Duration.ofDays(365);
  String algorithm = "RS256";
  String publicBaseUrl = "http://localhost:4100";
  /** {@code null}: the public base URL. */
  @Nullable String issuer;
  String audience = "janua";
  /** {@code null}: the audience. */
  @Nullable String clientId;
  AccessTokenType accessTokenType = AccessTokenType.JWT;
  Duration clockSkew = Duration.ofSeconds(30);
  Duration refreshReuseGrace = Duration.ofSeconds(5);
  int bcryptRounds = 12;
  int passwordHashConcurrency = Runtime.getRuntime().availableProcessors();
  Duration passwordHashQueueTimeout = Duration.ofSeconds(5);
  int passwordMinScore = 2;
  boolean rateLimitEnabled = true;
  int rateLimitPerMinute = 60;
  int rateLimitPerHour = 1000;
  /** Unmodifiable; replaced, never changed. */
  Map<RateLimitCategory, RateLimitRule> rateLimitOverrides = Map.of();
  List<String> rateLimitWhitelist = List.of();
  List<String> trustedProxies = List.of();
  ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
  int rateLimitIpv6Prefix = 64;
  int accountThrottleFailures = 20;
  Duration accountThrottleWindow = Duration.ofMinutes(15);
  Duration deviceTokenTtl = Duration.ofDays(90);
  long tokenCacheMaxSize = 100_000;
  Duration readyTimeout = Duration.ofSeconds(2);
  @Nullable String signingKeyPem;
  /** Base64 of 32 bytes, checked by the builder; secret. */
  @Nullable String keyEncryptionKey;
  /** Base64 of 32 bytes, checked by the builder; secret. */
  @Nullable String keyEncryptionKeyPrevious;
  boolean allowPlaintextKeys = false;
  /** {@link Duration#ZERO}: no scheduled rotation. */
  Duration keyRotationInterval = Duration.ZERO;
  Duration keyPendingPeriod = Duration.ofHours(1);
  Duration keyReloadInterval = Duration.ofMinutes(5);
  Duration unknownKidReloadInterval = Duration.ofSeconds(5);
  OAuthClients clients = OAuthClients.none();
  /** Unmodifiable; replaced, never changed. Extra permissions per system role (templates). */
  Map<SystemRole, Set<String>> rolePermissions = Map.of();
  Duration passwordResetTtl = Duration.ofMinutes(30);
  boolean emailVerification = true;
  Duration emailVerificationTtl = Duration.ofHours(24);
  boolean requireVerifiedEmail = false;
  Duration invitationTtl = Duration.ofHours(72);
  Duration retentionGrace = Duration.ofHours(168);
  Duration auditRetention = Duration.ofDays(90);
  Duration retentionPurgeInterval = Duration.ofMinutes(60);
  int retentionBatchSize = 500;
  /** {@code null}: the host of the issuer URL. */
  @Nullable String mfaIssuer;
  Duration mfaChallengeTtl = Duration.ofMinutes(5);
  int mfaChallengeAttempts = 5;
  Duration mfaRemember = Duration.ofDays(30);
  /** {@code null}: the host of the issuer URL. */
  @Nullable String webAuthnRpId;
  /** {@code null}: {@link JanuaConfig#mfaIssuer()}. */
  @Nullable String webAuthnRpName;
  /** Empty: the origin of the issuer URL. */
  List<String> webAuthnOrigins = List.of();
  Duration webAuthnChallengeTtl = Duration.ofSeconds(300);

  ConfigValues copy() {
    try {
      return (ConfigValues) clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** Every field, in declaration order (a test checks that none is missing). */
  List<@Nullable Object> all() {
    return Arrays.asList(accessTokenTtl, refreshTokenTtl, sessionMaxLifetime, algorithm,
        publicBaseUrl, issuer, audience, clientId, accessTokenType, clockSkew, refreshReuseGrace,
        bcryptRounds, passwordHashConcurrency, passwordHashQueueTimeout, passwordMinScore,
        rateLimitEnabled,
        rateLimitPerMinute, rateLimitPerHour, rateLimitOverrides, rateLimitWhitelist,
        trustedProxies, forwardedHeader, rateLimitIpv6Prefix, tokenCacheMaxSize, readyTimeout, signingKeyPem, clients, rolePermissions,
        apiTokenMaxLifetime, passwordResetTtl,
        emailVerification, emailVerificationTtl, requireVerifiedEmail,
        invitationTtl, keyEncryptionKey, keyEncryptionKeyPrevious, allowPlaintextKeys,
        retentionGrace, auditRetention, retentionPurgeInterval, retentionBatchSize,
        keyRotationInterval, keyPendingPeriod, keyReloadInterval, unknownKidReloadInterval,
        accountThrottleFailures, accountThrottleWindow, deviceTokenTtl, mfaIssuer,
        mfaChallengeTtl, mfaChallengeAttempts, mfaRemember,
        webAuthnRpId, webAuthnRpName, webAuthnOrigins, webAuthnChallengeTtl);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConfigValues c && all().equals(c.all());
  }

  @Override
  public int hashCode() {
    return all().hashCode();
  }

  /** Every setting by name; the signing key and key-encryption keys only as {@code (set)} or {@code none}. */
  @Override
  public String toString() {
    return "[accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
        + ", sessionMaxLifetime=" + sessionMaxLifetime + ", algorithm=" + algorithm
        + ", publicBaseUrl=" + publicBaseUrl + ", issuer=" + (issuer == null ? publicBaseUrl : issuer)
        + ", audience=" + audience + ", clientId=" + (clientId == null ? audience : clientId)
        + ", accessTokenType=" + accessTokenType.header() + ", clockSkew=" + clockSkew
        + ", refreshReuseGrace=" + refreshReuseGrace + ", bcryptRounds=" + bcryptRounds
        + ", passwordHashConcurrency=" + passwordHashConcurrency
        + ", passwordHashQueueTimeout=" + passwordHashQueueTimeout
        + ", passwordMinScore=" + passwordMinScore
        + ", rateLimitEnabled=" + rateLimitEnabled + ", rateLimitPerMinute=" + rateLimitPerMinute
        + ", rateLimitPerHour=" + rateLimitPerHour + ", rateLimitOverrides=" + rateLimitOverrides
        + ", rateLimitWhitelist=" + rateLimitWhitelist + ", trustedProxies=" + trustedProxies
        + ", forwardedHeader=" + forwardedHeader + ", rateLimitIpv6Prefix=" + rateLimitIpv6Prefix
        + ", tokenCacheMaxSize=" + tokenCacheMaxSize + ", readyTimeout=" + readyTimeout
        + ", signingKeyPem=" + (signingKeyPem == null ? "none" : "(set)")
        + ", clients=" + clients.ids() + ", rolePermissions=" + rolePermissions
        + ", apiTokenMaxLifetime=" + apiTokenMaxLifetime
        + ", passwordResetTtl=" + passwordResetTtl
        + ", emailVerification=" + emailVerification
        + ", emailVerificationTtl=" + emailVerificationTtl
        + ", requireVerifiedEmail=" + requireVerifiedEmail
        + ", invitationTtl=" + invitationTtl
        + ", keyEncryptionKey=" + (keyEncryptionKey == null ? "none" : "(set)")
        + ", keyEncryptionKeyPrevious=" + (keyEncryptionKeyPrevious == null ? "none" : "(set)")
        + ", allowPlaintextKeys=" + allowPlaintextKeys
        + ", retentionGrace=" + retentionGrace + ", auditRetention=" + auditRetention
        + ", retentionPurgeInterval=" + retentionPurgeInterval
        + ", retentionBatchSize=" + retentionBatchSize
        + ", keyRotationInterval=" + keyRotationInterval + ", keyPendingPeriod=" + keyPendingPeriod
        + ", keyReloadInterval=" + keyReloadInterval
        + ", unknownKidReloadInterval=" + unknownKidReloadInterval
        + ", accountThrottleFailures=" + accountThrottleFailures
        + ", accountThrottleWindow=" + accountThrottleWindow
        + ", deviceTokenTtl=" + deviceTokenTtl + ", mfaIssuer=" + mfaIssuer
        + ", mfaChallengeTtl=" + mfaChallengeTtl + ", mfaChallengeAttempts=" + mfaChallengeAttempts
        + ", mfaRemember=" + mfaRemember
        + ", webAuthnRpId=" + webAuthnRpId + ", webAuthnRpName=" + webAuthnRpName
        + ", webAuthnOrigins=" + webAuthnOrigins
        + ", webAuthnChallengeTtl=" + webAuthnChallengeTtl + "]";
  }
}
