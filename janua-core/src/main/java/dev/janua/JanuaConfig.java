package dev.janua;

import static dev.janua.ConfigChecks.httpUrl;
import static dev.janua.ConfigChecks.notNegative;
import static dev.janua.ConfigChecks.positive;
import static dev.janua.ConfigChecks.range;
import static dev.janua.ConfigChecks.ranges;
import static dev.janua.ConfigChecks.text;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The engine's configuration: immutable, with the performance guide's defaults. Build it in code
 * with {@link #builder()} (each setter checks its value at once), or read it from the environment
 * with {@link #fromEnv()}; docs/configuration.md lists every variable. Each accessor names the
 * variable it is read from and its default. {@link #toString()} never prints the signing key.
 */
public final class JanuaConfig {
  /** The algorithms Janua signs with. */
  public static final List<String> ALGORITHMS = List.of("RS256", "ES256");

  static final String PEM_HEADER = "-----BEGIN PRIVATE KEY-----";

  /** Never changed: a copy the builder made. */
  private final ConfigValues v;

  private JanuaConfig(ConfigValues values) {
    this.v = values;
  }

  /** The defaults of the performance guide. */
  public static JanuaConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(v.copy());
  }

  /**
   * Reads the configuration from the process environment; unset variables keep their defaults.
   *
   * @throws JanuaConfigException naming the first malformed variable and what it expects
   */
  public static JanuaConfig fromEnv() {
    return fromMap(System.getenv());
  }

  /**
   * Reads the configuration from a map of environment-style variables.
   *
   * @throws JanuaConfigException naming the first malformed variable and what it expects
   */
  public static JanuaConfig fromMap(Map<String, String> env) {
    return ConfigFromEnv.read(env);
  }

  /** Access token lifetime ({@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}, 15 minutes). */
  public Duration accessTokenTtl() {
    return v.accessTokenTtl;
  }

  /** Refresh token lifetime ({@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}, 7 days). */
  public Duration refreshTokenTtl() {
    return v.refreshTokenTtl;
  }

  /**
   * How long an invitation into an organization stays valid ({@code INVITATION_EXPIRE_HOURS}, 72
   * hours; 1 to 720 hours from the environment).
   */
  public Duration invitationTtl() {
    return v.invitationTtl;
  }

  /**
   * How long ended things are kept before the retention purge deletes them ({@code
   * SESSION_RETENTION_GRACE_HOURS}, 168 hours): a session that was revoked or expired longer ago
   * goes with all its refresh tokens; a refresh token, account token, invitation or API token that
   * expired (or an API token revoked) longer ago goes. The default equals the default refresh token
   * lifetime, so a token of a revoked session is still recognized (and its reuse still audited)
   * for as long as it could have been valid.
   */
  public Duration retentionGrace() {
    return v.retentionGrace;
  }

  /**
   * How long audit events are kept ({@code AUDIT_RETENTION_DAYS}, 90 days); zero keeps them
   * forever.
   */
  public Duration auditRetention() {
    return v.auditRetention;
  }

  /**
   * How often each engine runs the retention purge ({@code RETENTION_PURGE_INTERVAL_MINUTES}, 60
   * minutes; the first run one interval after start); zero turns the schedule off ({@code
   * AuthEngine.purge()} still works).
   */
  public Duration retentionPurgeInterval() {
    return v.retentionPurgeInterval;
  }

  /** Rows per delete batch of the retention purge ({@code RETENTION_BATCH_SIZE}, 500). */
  public int retentionBatchSize() {
    return v.retentionBatchSize;
  }

  /** Absolute session cap ({@code SESSION_MAX_LIFETIME_DAYS}, 30 days), at least the refresh TTL. */
  public Duration sessionMaxLifetime() {
    return v.sessionMaxLifetime;
  }

  /**
   * The longest lifetime an API token may be given ({@code API_TOKEN_MAX_LIFETIME_DAYS}, 365
   * days; 1 to 3650 from the environment).
   */
  public Duration apiTokenMaxLifetime() {
    return v.apiTokenMaxLifetime;
  }

  /** Signing algorithm of new keys ({@code JWT_ALGORITHM}, RS256; or ES256). */
  public String algorithm() {
    return v.algorithm;
  }

  /**
   * The service's public URL, without a trailing slash ({@code PUBLIC_BASE_URL}, {@code
   * http://localhost:4100}): the base of the endpoint URLs of the discovery document, and the
   * default issuer.
   */
  public String publicBaseUrl() {
    return v.publicBaseUrl;
  }

  /**
   * The {@code iss} claim written and required: an absolute http(s) URL without a trailing slash,
   * also the discovery document's {@code issuer} ({@code JWT_ISSUER}, {@link #publicBaseUrl()}).
   */
  public String issuer() {
    return v.issuer == null ? v.publicBaseUrl : v.issuer;
  }

  /** The {@code aud} claim written and required ({@code JWT_AUDIENCE}, "janua"). */
  public String audience() {
    return v.audience;
  }

  /** The {@code client_id} claim written and required ({@code JWT_CLIENT_ID}, {@link #audience()}). */
  public String clientId() {
    return v.clientId == null ? v.audience : v.clientId;
  }

  /** The JOSE {@code typ} header written and required ({@code JWT_ACCESS_TOKEN_TYPE}, {@code JWT}). */
  public AccessTokenType accessTokenType() {
    return v.accessTokenType;
  }

  /**
   * The resource servers that may call introspection and revocation ({@code JANUA_CLIENTS}, none),
   * their secrets held as hashes only.
   */
  public OAuthClients clients() {
    return v.clients;
  }

  /** Tolerated clock skew for {@code exp}/{@code nbf} ({@code JWT_CLOCK_SKEW_SECONDS}, 30 s). */
  public Duration clockSkew() {
    return v.clockSkew;
  }

  /**
   * Window in which a spent refresh token presented again is a concurrent duplicate rather than a
   * replay ({@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}, 5 s): within it, while the successor is
   * unspent, the duplicate gets the same successor; zero means no grace (every duplicate is
   * reuse).
   */
  public Duration refreshReuseGrace() {
    return v.refreshReuseGrace;
  }

  /** bcrypt cost of new hashes ({@code BCRYPT_ROUNDS}, 12). */
  public int bcryptRounds() {
    return v.bcryptRounds;
  }

  /**
   * The lowest zxcvbn score (0 to 4) a new password must reach at signup, password change and
   * reset ({@code PASSWORD_MIN_SCORE}, 2); 0 turns the strength check off.
   */
  public int passwordMinScore() {
    return v.passwordMinScore;
  }

  /** bcrypt operations running at once ({@code PASSWORD_HASH_CONCURRENCY}, the number of cores). */
  public int passwordHashConcurrency() {
    return v.passwordHashConcurrency;
  }

  /**
   * Longest wait for a hashing slot before {@link BusyException} ({@code
   * PASSWORD_HASH_QUEUE_TIMEOUT_MS}, 5000 ms).
   */
  public Duration passwordHashQueueTimeout() {
    return v.passwordHashQueueTimeout;
  }

  /** Whether rate limits apply ({@code RATE_LIMIT_ENABLED}, true). */
  public boolean rateLimitEnabled() {
    return v.rateLimitEnabled;
  }

  /** {@link RateLimitCategory#DEFAULT} requests per minute ({@code RATE_LIMIT_PER_MINUTE}, 60). */
  public int rateLimitPerMinute() {
    return v.rateLimitPerMinute;
  }

  /** {@link RateLimitCategory#DEFAULT} requests per hour ({@code RATE_LIMIT_PER_HOUR}, 1000). */
  public int rateLimitPerHour() {
    return v.rateLimitPerHour;
  }

  /** Per-category limits set explicitly ({@code RATE_LIMIT_<CATEGORY>=10/100}); unmodifiable. */
  public Map<RateLimitCategory, RateLimitRule> rateLimitOverrides() {
    return v.rateLimitOverrides;
  }

  /**
   * Addresses and CIDR ranges exempt from every limit ({@code RATE_LIMIT_WHITELIST}, none), each
   * in one spelling: the network address (IPv6 compressed, lower case) and {@code /prefix}, or the
   * bare address for a single one, e.g. {@code 10.0.0.0/8}, {@code ::1}.
   */
  public List<String> rateLimitWhitelist() {
    return v.rateLimitWhitelist;
  }

  /**
   * Addresses and ranges of proxies whose {@code X-Forwarded-For} is believed ({@code
   * TRUSTED_PROXIES}, none), spelled like {@link #rateLimitWhitelist()}.
   */
  public List<String> trustedProxies() {
    return v.trustedProxies;
  }

  /**
   * Which header a trusted proxy names the client in ({@code FORWARDED_HEADER}: {@code
   * x-forwarded-for}, the default, or {@code forwarded} for RFC 7239).
   */
  public ForwardedHeader forwardedHeader() {
    return v.forwardedHeader;
  }

  /**
   * The prefix length an IPv6 client is keyed by for rate limits ({@code RATE_LIMIT_IPV6_PREFIX},
   * 64): one end site usually holds a whole /64, so a /128 key would give it unlimited buckets.
   * IPv4 clients are keyed by their /32.
   */
  public int rateLimitIpv6Prefix() {
    return v.rateLimitIpv6Prefix;
  }

  /**
   * Failed signins per account, from any address, before further attempts for that account from a
   * client without a known device are refused before hashing ({@code ACCOUNT_THROTTLE_FAILURES},
   * 20; 0 turns the per-account throttle off). See docs/security.md, "Per-account throttle".
   */
  public int accountThrottleFailures() {
    return v.accountThrottleFailures;
  }

  /**
   * The window the per-account failures are counted in, and the longest lock ({@code
   * ACCOUNT_THROTTLE_WINDOW_MINUTES}, 15 minutes). The first lock is 1 minute (or the window, when
   * shorter), doubling with each further failure.
   */
  public Duration accountThrottleWindow() {
    return v.accountThrottleWindow;
  }

  /**
   * Lifetime of a device token issued at a successful signin ({@code DEVICE_TOKEN_DAYS}, 90 days):
   * while it lasts, that client passes its account's per-account throttle.
   */
  public Duration deviceTokenTtl() {
    return v.deviceTokenTtl;
  }

  /**
   * The issuer label of TOTP enrollment URIs, what authenticator apps show above the account
   * ({@code MFA_ISSUER}; default the host of {@link #issuer()}).
   */
  public String mfaIssuer() {
    if (v.mfaIssuer != null) {
      return v.mfaIssuer;
    }
    String host = java.net.URI.create(issuer()).getHost();
    return host == null ? issuer() : host;
  }

  /**
   * How long a second-factor sign-in challenge works ({@code MFA_CHALLENGE_SECONDS}, 300 seconds).
   */
  public Duration mfaChallengeTtl() {
    return v.mfaChallengeTtl;
  }

  /**
   * Completion attempts per sign-in challenge ({@code MFA_CHALLENGE_ATTEMPTS}, 5): the last
   * failure ends the challenge.
   */
  public int mfaChallengeAttempts() {
    return v.mfaChallengeAttempts;
  }

  /**
   * How long a device stays remembered for the second factor when the user asks for it at {@code
   * completeMfa} ({@code MFA_REMEMBER_DAYS}, 30 days; zero: devices are never remembered), capped
   * at {@link #sessionMaxLifetime()}: never longer than a session may last.
   */
  public Duration mfaRemember() {
    return v.mfaRemember.compareTo(v.sessionMaxLifetime) > 0 ? v.sessionMaxLifetime
        : v.mfaRemember;
  }

  /**
   * The WebAuthn relying-party id passkeys are bound to ({@code WEBAUTHN_RP_ID}; default the host
   * of {@link #issuer()}): a domain such as {@code example.com}, equal to or a parent of the host
   * of every {@link #webAuthnOrigins() origin}. Changing it later orphans every passkey.
   */
  public String webAuthnRpId() {
    if (v.webAuthnRpId != null) {
      return v.webAuthnRpId;
    }
    String host = java.net.URI.create(issuer()).getHost();
    return host == null ? "localhost" : host;
  }

  /**
   * The relying-party name browsers may show when a passkey is made ({@code WEBAUTHN_RP_NAME};
   * default {@link #mfaIssuer()}).
   */
  public String webAuthnRpName() {
    return v.webAuthnRpName != null ? v.webAuthnRpName : mfaIssuer();
  }

  /**
   * The exact origins passkey responses may come from ({@code WEBAUTHN_ORIGINS}, comma-separated;
   * default the origin of {@link #issuer()}), such as {@code https://app.example.com}.
   */
  public List<String> webAuthnOrigins() {
    if (!v.webAuthnOrigins.isEmpty()) {
      return v.webAuthnOrigins;
    }
    return List.of(ConfigChecks.originOf(issuer()));
  }

  /**
   * How long a passkey challenge in registration or sign-in options stays usable ({@code
   * WEBAUTHN_CHALLENGE_SECONDS}, 300 s); each is single use.
   */
  public Duration webAuthnChallengeTtl() {
    return v.webAuthnChallengeTtl;
  }

  /** Validated-token cache entries ({@code TOKEN_CACHE_MAX_SIZE}, 100000; 0 disables). */
  public long tokenCacheMaxSize() {
    return v.tokenCacheMaxSize;
  }

  /** Time limit of each readiness check ({@code READY_CHECK_TIMEOUT_MS}, 2000 ms). */
  public Duration readyTimeout() {
    return v.readyTimeout;
  }

  /**
   * The PKCS#8 PEM private key to sign with ({@code JWT_PRIVATE_KEY}, or the file named by {@code
   * JWT_PRIVATE_KEY_FILE}), or {@code null} to generate one (or use the store's keys). Secret.
   */
  public @Nullable String signingKeyPem() {
    return v.signingKeyPem;
  }

  /**
   * The key-encryption key, base64 of 32 random bytes ({@code JANUA_KEY_ENCRYPTION_KEY}; none):
   * the AES-256-GCM key that encrypts signing keys, and later other secrets, at rest. Required
   * with persistent signing keys unless {@link #allowPlaintextKeys()}. Secret.
   */
  public @Nullable String keyEncryptionKey() {
    return v.keyEncryptionKey;
  }

  /**
   * The key-encryption key being rotated out ({@code JANUA_KEY_ENCRYPTION_KEY_PREVIOUS}; none): it
   * only decrypts, and what it decrypts is encrypted again with {@link #keyEncryptionKey()} at
   * start-up. Secret.
   */
  public @Nullable String keyEncryptionKeyPrevious() {
    return v.keyEncryptionKeyPrevious;
  }

  /**
   * Whether persistent signing keys may be stored unencrypted when no {@link #keyEncryptionKey()}
   * is set ({@code JANUA_ALLOW_PLAINTEXT_KEYS}, false): for development only; logged as a warning.
   */
  public boolean allowPlaintextKeys() {
    return v.allowPlaintextKeys;
  }

  /**
   * How often a new signing key takes over ({@code JWT_KEY_ROTATION_DAYS}; {@link Duration#ZERO},
   * the default: only on demand). Each rotation is staged: the new key is pending for {@link
   * #keyPendingPeriod()} first.
   */
  public Duration keyRotationInterval() {
    return v.keyRotationInterval;
  }

  /**
   * How long a new signing key is published before it signs ({@code JWT_KEY_PENDING_SECONDS}, 1 h).
   * The JWKS is served with {@code max-age} = this minus {@link #keyReloadInterval()}, so every
   * verifier's cached JWKS has the key before its first token.
   */
  public Duration keyPendingPeriod() {
    return v.keyPendingPeriod;
  }

  /**
   * How often an instance reloads the key ring from the store and runs the key schedule (due
   * rotation, deletion of spent keys) ({@code JWT_KEY_RELOAD_SECONDS}, 5 min).
   */
  public Duration keyReloadInterval() {
    return v.keyReloadInterval;
  }

  /**
   * The least time between two reloads of the key ring caused by tokens naming an unknown {@code
   * kid} ({@code JWT_UNKNOWN_KID_RELOAD_SECONDS}, 5 s): a flood of random kids costs one store read
   * per interval.
   */
  public Duration unknownKidReloadInterval() {
    return v.unknownKidReloadInterval;
  }

  /**
   * The {@code max-age} of the JWKS: {@link #keyPendingPeriod()} minus {@link
   * #keyReloadInterval()}, shorter than the pending period by the time an instance may take to see
   * a new key.
   */
  public Duration jwksMaxAge() {
    return v.keyPendingPeriod.minus(v.keyReloadInterval);
  }

  /**
   * The application permissions a system role grants on top of its built-in ones, the role
   * templates ({@code ROLE_PERMISSIONS_ADMIN}, {@code ROLE_PERMISSIONS_MEMBER}, {@code
   * ROLE_PERMISSIONS_VIEWER}; none). Unmodifiable; roles without extras are absent.
   */
  public Map<SystemRole, Set<String>> rolePermissions() {
    return v.rolePermissions;
  }

  /** What a system role grants: its built-in permissions and its template's ({@link #rolePermissions()}). */
  public Set<String> permissionsOf(SystemRole role) {
    Set<String> extra = v.rolePermissions.get(Objects.requireNonNull(role, "role"));
    if (extra == null) {
      return role.permissions();
    }
    Set<String> all = new java.util.TreeSet<>(role.permissions());
    all.addAll(extra);
    return Set.copyOf(all);
  }

  /**
   * Lifetime of a password reset link ({@code PASSWORD_RESET_EXPIRE_MINUTES}, 30 minutes); see
   * docs/password-reset.md.
   */
  public Duration passwordResetTtl() {
    return v.passwordResetTtl;
  }

  /**
   * Whether signup sends a verification link to the new address ({@code EMAIL_VERIFICATION},
   * true); see docs/email-verification.md. Off, accounts stay unverified until the user asks for a
   * link ({@code users().resendVerification}).
   */
  public boolean emailVerification() {
    return v.emailVerification;
  }

  /**
   * Lifetime of an email verification link, also of the link that confirms an email change
   * ({@code EMAIL_VERIFICATION_EXPIRE_HOURS}, 24 hours).
   */
  public Duration emailVerificationTtl() {
    return v.emailVerificationTtl;
  }

  /**
   * Whether signin refuses accounts whose email is not verified, with {@code email_not_verified}
   * after the password was checked ({@code REQUIRE_VERIFIED_EMAIL}, false).
   */
  public boolean requireVerifiedEmail() {
    return v.requireVerifiedEmail;
  }

  /** The limits that apply to a category: an override, else the guide's defaults. */
  public RateLimitRule rateLimitRule(RateLimitCategory category) {
    RateLimitRule override = v.rateLimitOverrides.get(category);
    if (override != null) {
      return override;
    }
    return category == RateLimitCategory.DEFAULT
        ? new RateLimitRule(v.rateLimitPerMinute, v.rateLimitPerHour)
        : category.defaultRule();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JanuaConfig c && v.equals(c.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  /**
   * Every setting, except that the signing key shows only as {@code (set)} or {@code none} and
   * the clients only by their ids.
   */
  @Override
  public String toString() {
    return "JanuaConfig" + v;
  }

  /**
   * Builds a {@link JanuaConfig}, starting from the guide's defaults. Every setter checks its value
   * at once and throws {@link IllegalArgumentException} naming the setting and its variable (for
   * example {@code "bcryptRounds (BCRYPT_ROUNDS) must be from 4 to 31, got 40"}), or {@link
   * NullPointerException} for a {@code null}; {@link #build()} checks what involves two settings.
   * A builder can be reused: {@code build()} copies what it holds.
   */
  public static final class Builder {
    private final ConfigValues s;

    private Builder() {
      this(new ConfigValues());
    }

    private Builder(ConfigValues values) {
      s = values;
    }

    /** See {@link JanuaConfig#accessTokenTtl()}; positive. */
    public Builder accessTokenTtl(Duration v) {
      s.accessTokenTtl = positive(v, "accessTokenTtl (JWT_ACCESS_TOKEN_EXPIRE_MINUTES)");
      return this;
    }

    /** See {@link JanuaConfig#refreshTokenTtl()}; positive. */
    public Builder refreshTokenTtl(Duration v) {
      s.refreshTokenTtl = positive(v, "refreshTokenTtl (JWT_REFRESH_TOKEN_EXPIRE_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#retentionGrace()}; positive. */
    public Builder retentionGrace(Duration v) {
      s.retentionGrace = positive(v, "retentionGrace (SESSION_RETENTION_GRACE_HOURS)");
      return this;
    }

    /** See {@link JanuaConfig#auditRetention()}; zero (keep forever) or more. */
    public Builder auditRetention(Duration v) {
      s.auditRetention = notNegative(v, "auditRetention (AUDIT_RETENTION_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#retentionPurgeInterval()}; zero (off) or more. */
    public Builder retentionPurgeInterval(Duration v) {
      s.retentionPurgeInterval = notNegative(v,
          "retentionPurgeInterval (RETENTION_PURGE_INTERVAL_MINUTES)");
      return this;
    }

    /** See {@link JanuaConfig#retentionBatchSize()}; from 1 to 100000. */
    public Builder retentionBatchSize(int v) {
      s.retentionBatchSize = range(v, 1, 100_000, "retentionBatchSize (RETENTION_BATCH_SIZE)");
      return this;
    }

    /** See {@link JanuaConfig#invitationTtl()}; positive. */
    public Builder invitationTtl(Duration v) {
      s.invitationTtl = positive(v, "invitationTtl (INVITATION_EXPIRE_HOURS)");
      return this;
    }

    /** See {@link JanuaConfig#sessionMaxLifetime()}; positive ({@link #build()} checks the rest). */
    public Builder sessionMaxLifetime(Duration v) {
      s.sessionMaxLifetime = positive(v, "sessionMaxLifetime (SESSION_MAX_LIFETIME_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#apiTokenMaxLifetime()}; positive. */
    public Builder apiTokenMaxLifetime(Duration v) {
      s.apiTokenMaxLifetime = positive(v, "apiTokenMaxLifetime (API_TOKEN_MAX_LIFETIME_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#algorithm()}; one of {@link JanuaConfig#ALGORITHMS}. */
    public Builder algorithm(String v) {
      Objects.requireNonNull(v, "algorithm");
      if (!ALGORITHMS.contains(v)) {
        throw new IllegalArgumentException(
            "algorithm (JWT_ALGORITHM) must be one of " + ALGORITHMS + ", got " + v);
      }
      s.algorithm = v;
      return this;
    }

    /** See {@link JanuaConfig#publicBaseUrl()}; see {@link #issuer(String)} for the form. */
    public Builder publicBaseUrl(String v) {
      s.publicBaseUrl = httpUrl(v, "publicBaseUrl (PUBLIC_BASE_URL)");
      return this;
    }

    /**
     * See {@link JanuaConfig#issuer()}: an absolute http or https URL without query, fragment or
     * user info; trailing slashes are dropped, so the tokens and the discovery document spell it
     * alike. {@code null} derives it from {@link #publicBaseUrl(String)} again.
     */
    public Builder issuer(@Nullable String v) {
      s.issuer = v == null ? null : httpUrl(v, "issuer (JWT_ISSUER)");
      return this;
    }

    /** See {@link JanuaConfig#audience()}; not blank. */
    public Builder audience(String v) {
      s.audience = text(v, "audience (JWT_AUDIENCE)");
      return this;
    }

    /** See {@link JanuaConfig#clientId()}; not blank, or {@code null} for the audience. */
    public Builder clientId(@Nullable String v) {
      s.clientId = v == null ? null : text(v, "clientId (JWT_CLIENT_ID)");
      return this;
    }

    /** See {@link JanuaConfig#accessTokenType()}. */
    public Builder accessTokenType(AccessTokenType v) {
      s.accessTokenType = Objects.requireNonNull(v, "accessTokenType (JWT_ACCESS_TOKEN_TYPE)");
      return this;
    }

    /** See {@link JanuaConfig#clients()}; replaces earlier ones. */
    public Builder clients(OAuthClients v) {
      s.clients = Objects.requireNonNull(v, "clients (JANUA_CLIENTS)");
      return this;
    }

    /** See {@link JanuaConfig#clockSkew()}; zero or more. */
    public Builder clockSkew(Duration v) {
      s.clockSkew = notNegative(v, "clockSkew (JWT_CLOCK_SKEW_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#refreshReuseGrace()}; zero or more. */
    public Builder refreshReuseGrace(Duration v) {
      s.refreshReuseGrace = notNegative(v, "refreshReuseGrace (REFRESH_TOKEN_REUSE_GRACE_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#passwordResetTtl()}; from 1 minute to 24 hours. */
    public Builder passwordResetTtl(Duration v) {
      s.passwordResetTtl = within(v, Duration.ofMinutes(1), Duration.ofHours(24),
          "passwordResetTtl (PASSWORD_RESET_EXPIRE_MINUTES)");
      return this;
    }

    /** See {@link JanuaConfig#emailVerification()}. */
    public Builder emailVerification(boolean v) {
      s.emailVerification = v;
      return this;
    }

    /** See {@link JanuaConfig#emailVerificationTtl()}; from 1 hour to 30 days. */
    public Builder emailVerificationTtl(Duration v) {
      s.emailVerificationTtl = within(v, Duration.ofHours(1), Duration.ofDays(30),
          "emailVerificationTtl (EMAIL_VERIFICATION_EXPIRE_HOURS)");
      return this;
    }

    /** See {@link JanuaConfig#requireVerifiedEmail()}. */
    public Builder requireVerifiedEmail(boolean v) {
      s.requireVerifiedEmail = v;
      return this;
    }

    private static Duration within(Duration v, Duration min, Duration max, String name) {
      Objects.requireNonNull(v, name);
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got "
            + v);
      }
      return v;
    }

    /** See {@link JanuaConfig#bcryptRounds()}; from 4 to 31. */
    public Builder bcryptRounds(int v) {
      s.bcryptRounds = range(v, 4, 31, "bcryptRounds (BCRYPT_ROUNDS)");
      return this;
    }

    /** See {@link JanuaConfig#passwordMinScore()}; from 0 to 4. */
    public Builder passwordMinScore(int v) {
      s.passwordMinScore = range(v, 0, 4, "passwordMinScore (PASSWORD_MIN_SCORE)");
      return this;
    }

    /** See {@link JanuaConfig#passwordHashConcurrency()}; 1 or more. */
    public Builder passwordHashConcurrency(int v) {
      s.passwordHashConcurrency = range(v, 1, Integer.MAX_VALUE,
          "passwordHashConcurrency (PASSWORD_HASH_CONCURRENCY)");
      return this;
    }

    /** See {@link JanuaConfig#passwordHashQueueTimeout()}; zero or more. */
    public Builder passwordHashQueueTimeout(Duration v) {
      s.passwordHashQueueTimeout = notNegative(v,
          "passwordHashQueueTimeout (PASSWORD_HASH_QUEUE_TIMEOUT_MS)");
      return this;
    }

    /** See {@link JanuaConfig#rateLimitEnabled()}. */
    public Builder rateLimitEnabled(boolean v) {
      s.rateLimitEnabled = v;
      return this;
    }

    /** See {@link JanuaConfig#rateLimitPerMinute()}; 1 or more. */
    public Builder rateLimitPerMinute(int v) {
      s.rateLimitPerMinute = range(v, 1, Integer.MAX_VALUE,
          "rateLimitPerMinute (RATE_LIMIT_PER_MINUTE)");
      return this;
    }

    /** See {@link JanuaConfig#rateLimitPerHour()}; 1 or more. */
    public Builder rateLimitPerHour(int v) {
      s.rateLimitPerHour = range(v, 1, Integer.MAX_VALUE, "rateLimitPerHour (RATE_LIMIT_PER_HOUR)");
      return this;
    }

    /** Overrides one category's limits ({@code RATE_LIMIT_<CATEGORY>}). */
    public Builder rateLimit(RateLimitCategory category, RateLimitRule rule) {
      Map<RateLimitCategory, RateLimitRule> next = new EnumMap<>(RateLimitCategory.class);
      next.putAll(s.rateLimitOverrides);
      next.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(rule, "rule"));
      s.rateLimitOverrides = Collections.unmodifiableMap(next);
      return this;
    }

    /**
     * See {@link JanuaConfig#rateLimitWhitelist()}: IP addresses and CIDR ranges such as {@code
     * 10.0.0.0/8} or {@code ::1}, parsed at once (never a DNS lookup); replaces earlier ones.
     */
    public Builder rateLimitWhitelist(List<String> ranges) {
      s.rateLimitWhitelist = ranges(ranges, "rateLimitWhitelist (RATE_LIMIT_WHITELIST)");
      return this;
    }

    /** See {@link #rateLimitWhitelist(List)}. */
    public Builder rateLimitWhitelist(String... ranges) {
      Objects.requireNonNull(ranges, "rateLimitWhitelist");
      return rateLimitWhitelist(Arrays.asList(ranges));
    }

    /**
     * See {@link JanuaConfig#trustedProxies()}: IP addresses and CIDR ranges, parsed at once;
     * replaces earlier ones.
     */
    public Builder trustedProxies(List<String> ranges) {
      s.trustedProxies = ranges(ranges, "trustedProxies (TRUSTED_PROXIES)");
      return this;
    }

    /** See {@link #trustedProxies(List)}. */
    public Builder trustedProxies(String... ranges) {
      Objects.requireNonNull(ranges, "trustedProxies");
      return trustedProxies(Arrays.asList(ranges));
    }

    /** See {@link JanuaConfig#forwardedHeader()}. */
    public Builder forwardedHeader(ForwardedHeader header) {
      s.forwardedHeader = Objects.requireNonNull(header, "forwardedHeader (FORWARDED_HEADER)");
      return this;
    }

    /** See {@link JanuaConfig#rateLimitIpv6Prefix()}; from 1 to 128. */
    public Builder rateLimitIpv6Prefix(int bits) {
      if (bits < 1 || bits > 128) {
        throw new IllegalArgumentException(
            "rateLimitIpv6Prefix (RATE_LIMIT_IPV6_PREFIX) must be from 1 to 128, got " + bits);
      }
      s.rateLimitIpv6Prefix = bits;
      return this;
    }

    /** See {@link JanuaConfig#accountThrottleFailures()}; from 0 (off) to 1000. */
    public Builder accountThrottleFailures(int v) {
      s.accountThrottleFailures = range(v, 0, 1000,
          "accountThrottleFailures (ACCOUNT_THROTTLE_FAILURES)");
      return this;
    }

    /** See {@link JanuaConfig#accountThrottleWindow()}; from 1 minute to 24 hours. */
    public Builder accountThrottleWindow(Duration v) {
      s.accountThrottleWindow = within(v, Duration.ofMinutes(1), Duration.ofHours(24),
          "accountThrottleWindow (ACCOUNT_THROTTLE_WINDOW_MINUTES)");
      return this;
    }

    /**
     * See {@link JanuaConfig#mfaIssuer()}; not blank, at most 100 characters, no colon (the URI
     * label separator), or {@code null} for the issuer's host.
     */
    public Builder mfaIssuer(@Nullable String v) {
      if (v != null) {
        String t = text(v, "mfaIssuer (MFA_ISSUER)");
        if (t.length() > 100 || t.indexOf(':') >= 0) {
          throw new IllegalArgumentException(
              "mfaIssuer (MFA_ISSUER) must be at most 100 characters without a colon");
        }
        s.mfaIssuer = t;
      } else {
        s.mfaIssuer = null;
      }
      return this;
    }

    /**
     * See {@link JanuaConfig#webAuthnRpId()}: a lower-case domain name without scheme, port or
     * path (such as {@code example.com} or {@code localhost}), or {@code null} for the issuer's
     * host.
     */
    public Builder webAuthnRpId(@Nullable String v) {
      s.webAuthnRpId = v == null ? null : ConfigChecks.domain(v, "webAuthnRpId (WEBAUTHN_RP_ID)");
      return this;
    }

    /**
     * See {@link JanuaConfig#webAuthnRpName()}; not blank, at most 100 characters, or {@code null}
     * for the MFA issuer label.
     */
    public Builder webAuthnRpName(@Nullable String v) {
      if (v != null) {
        String t = text(v, "webAuthnRpName (WEBAUTHN_RP_NAME)").strip();
        if (t.length() > 100) {
          throw new IllegalArgumentException(
              "webAuthnRpName (WEBAUTHN_RP_NAME) must be at most 100 characters");
        }
        s.webAuthnRpName = t;
      } else {
        s.webAuthnRpName = null;
      }
      return this;
    }

    /**
     * See {@link JanuaConfig#webAuthnOrigins()}: each an origin ({@code https://host} or {@code
     * https://host:port}, no path; {@code http} only for {@code localhost} and loopback
     * addresses); empty for the issuer's origin. {@link #build()} checks that each host is the
     * relying-party id or below it.
     */
    public Builder webAuthnOrigins(List<String> v) {
      Objects.requireNonNull(v, "webAuthnOrigins (WEBAUTHN_ORIGINS)");
      List<String> out = new java.util.ArrayList<>(v.size());
      for (String o : v) {
        out.add(ConfigChecks.origin(o, "webAuthnOrigins (WEBAUTHN_ORIGINS)"));
      }
      s.webAuthnOrigins = List.copyOf(new java.util.LinkedHashSet<>(out));
      return this;
    }

    /** See {@link JanuaConfig#webAuthnChallengeTtl()}; from 10 seconds to 1 hour. */
    public Builder webAuthnChallengeTtl(Duration v) {
      s.webAuthnChallengeTtl = within(v, Duration.ofSeconds(10), Duration.ofHours(1),
          "webAuthnChallengeTtl (WEBAUTHN_CHALLENGE_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#deviceTokenTtl()}; from 1 to 400 days. */
    public Builder deviceTokenTtl(Duration v) {
      s.deviceTokenTtl = within(v, Duration.ofDays(1), Duration.ofDays(400),
          "deviceTokenTtl (DEVICE_TOKEN_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#mfaChallengeTtl()}; from 1 minute to 1 hour. */
    public Builder mfaChallengeTtl(Duration v) {
      s.mfaChallengeTtl = within(v, Duration.ofMinutes(1), Duration.ofHours(1),
          "mfaChallengeTtl (MFA_CHALLENGE_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#mfaChallengeAttempts()}; from 1 to 20. */
    public Builder mfaChallengeAttempts(int v) {
      if (v < 1 || v > 20) {
        throw new IllegalArgumentException(
            "mfaChallengeAttempts (MFA_CHALLENGE_ATTEMPTS) must be from 1 to 20, got " + v);
      }
      s.mfaChallengeAttempts = v;
      return this;
    }

    /**
     * See {@link JanuaConfig#mfaRemember()}; zero (never remember) to 400 days; a value above the
     * session's maximum lifetime is capped at it.
     */
    public Builder mfaRemember(Duration v) {
      Objects.requireNonNull(v, "mfaRemember (MFA_REMEMBER_DAYS)");
      s.mfaRemember = v.isZero() ? Duration.ZERO : within(v, Duration.ofMinutes(1),
          Duration.ofDays(400), "mfaRemember (MFA_REMEMBER_DAYS)");
      return this;
    }

    /** See {@link JanuaConfig#tokenCacheMaxSize()}; zero (off) or more. */
    public Builder tokenCacheMaxSize(long v) {
      if (v < 0) {
        throw new IllegalArgumentException(
            "tokenCacheMaxSize (TOKEN_CACHE_MAX_SIZE) must not be negative, got " + v);
      }
      s.tokenCacheMaxSize = v;
      return this;
    }

    /** See {@link JanuaConfig#readyTimeout()}; positive. */
    public Builder readyTimeout(Duration v) {
      s.readyTimeout = positive(v, "readyTimeout (READY_CHECK_TIMEOUT_MS)");
      return this;
    }

    /**
     * See {@link JanuaConfig#signingKeyPem()}: PKCS#8 PEM text ({@code -----BEGIN PRIVATE
     * KEY-----}), or {@code null} for none. The key itself is parsed when the engine is built; the
     * value is never quoted in an error.
     */
    public Builder signingKeyPem(@Nullable String pem) {
      if (pem != null && !pem.contains(PEM_HEADER)) {
        throw new IllegalArgumentException("signingKeyPem (JWT_PRIVATE_KEY) must be a PKCS#8 PEM "
            + "private key (" + PEM_HEADER + ")");
      }
      s.signingKeyPem = pem;
      return this;
    }

    /**
     * See {@link JanuaConfig#keyEncryptionKey()}: base64 of exactly 32 bytes, or {@code null} for
     * none. The value is never quoted in an error.
     */
    public Builder keyEncryptionKey(@Nullable String base64) {
      s.keyEncryptionKey = kek(base64, "keyEncryptionKey (JANUA_KEY_ENCRYPTION_KEY)");
      return this;
    }

    /**
     * See {@link JanuaConfig#keyEncryptionKeyPrevious()}: base64 of exactly 32 bytes, or {@code
     * null} for none. The value is never quoted in an error.
     */
    public Builder keyEncryptionKeyPrevious(@Nullable String base64) {
      s.keyEncryptionKeyPrevious = kek(base64,
          "keyEncryptionKeyPrevious (JANUA_KEY_ENCRYPTION_KEY_PREVIOUS)");
      return this;
    }

    /** See {@link JanuaConfig#keyRotationInterval()}; zero (off) or at least one day. */
    public Builder keyRotationInterval(Duration v) {
      notNegative(v, "keyRotationInterval (JWT_KEY_ROTATION_DAYS)");
      if (!v.isZero() && v.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException("keyRotationInterval (JWT_KEY_ROTATION_DAYS) must be 0 "
            + "(off) or at least 1 day, got " + v);
      }
      s.keyRotationInterval = v;
      return this;
    }

    /** See {@link JanuaConfig#keyPendingPeriod()}; 1 minute to 1 day. */
    public Builder keyPendingPeriod(Duration v) {
      s.keyPendingPeriod = within(v, Duration.ofMinutes(1), Duration.ofDays(1),
          "keyPendingPeriod (JWT_KEY_PENDING_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#keyReloadInterval()}; 1 second to 1 hour. */
    public Builder keyReloadInterval(Duration v) {
      s.keyReloadInterval = within(v, Duration.ofSeconds(1), Duration.ofHours(1),
          "keyReloadInterval (JWT_KEY_RELOAD_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#unknownKidReloadInterval()}; 1 second to 1 hour. */
    public Builder unknownKidReloadInterval(Duration v) {
      s.unknownKidReloadInterval = within(v, Duration.ofSeconds(1), Duration.ofHours(1),
          "unknownKidReloadInterval (JWT_UNKNOWN_KID_RELOAD_SECONDS)");
      return this;
    }

    /** See {@link JanuaConfig#allowPlaintextKeys()}; development only. */
    public Builder allowPlaintextKeys(boolean v) {
      s.allowPlaintextKeys = v;
      return this;
    }

    private static @Nullable String kek(@Nullable String base64, String name) {
      if (base64 == null) {
        return null;
      }
      try {
        dev.janua.internal.SecretBox.decodeKey(base64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " " + e.getMessage());
      }
      return base64.strip();
    }

    /**
     * See {@link JanuaConfig#rolePermissions()}: the permissions {@code role} grants on top of its
     * built-in ones, replacing earlier ones for that role (an empty set removes them). Each is
     * {@code resource:action}, either part may be {@code *}; everything ({@code *} or {@code *:*})
     * is refused, and so is a template for {@code owner}, who holds everything already.
     */
    public Builder rolePermissions(SystemRole role, Set<String> permissions) {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(permissions, "permissions");
      String name = "rolePermissions (ROLE_PERMISSIONS_" + role.name() + ")";
      if (role == SystemRole.OWNER) {
        throw new IllegalArgumentException(name + ": owner already holds every permission");
      }
      Set<String> checked = new java.util.TreeSet<>();
      for (String p : permissions) {
        if ("*".equals(p) || "*:*".equals(p)) {
          throw new IllegalArgumentException(name + " must not grant everything ('" + p
              + "'): that is the owner's; grant resource:* instead");
        }
        try {
          dev.janua.internal.Permissions.checkGrantable(p);
        } catch (ValidationException e) {
          throw new IllegalArgumentException(name + " must be a comma-separated list of "
              + "resource:action permissions (either part may be *), got '" + p + "'");
        }
        checked.add(p);
      }
      Map<SystemRole, Set<String>> next = new EnumMap<>(SystemRole.class);
      next.putAll(s.rolePermissions);
      if (checked.isEmpty()) {
        next.remove(role);
      } else {
        next.put(role, Collections.unmodifiableSet(checked));
      }
      s.rolePermissions = Collections.unmodifiableMap(next);
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException when the session cap is shorter than the refresh token
     *     lifetime, or the key pending period shorter than twice the key reload interval
     */
    public JanuaConfig build() {
      if (s.sessionMaxLifetime.compareTo(s.refreshTokenTtl) < 0) {
        throw new IllegalArgumentException("sessionMaxLifetime (SESSION_MAX_LIFETIME_DAYS, "
            + s.sessionMaxLifetime + ") must not be shorter than refreshTokenTtl "
            + "(JWT_REFRESH_TOKEN_EXPIRE_DAYS, " + s.refreshTokenTtl + ")");
      }
      if (s.keyPendingPeriod.compareTo(s.keyReloadInterval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("keyPendingPeriod (JWT_KEY_PENDING_SECONDS, "
            + s.keyPendingPeriod + ") must be at least twice keyReloadInterval "
            + "(JWT_KEY_RELOAD_SECONDS, " + s.keyReloadInterval + "): every instance must see a "
            + "new key well before it signs");
      }
      if (!s.keyRotationInterval.isZero()
          && s.keyRotationInterval.compareTo(s.keyPendingPeriod) <= 0) {
        throw new IllegalArgumentException("keyRotationInterval (JWT_KEY_ROTATION_DAYS) must be "
            + "longer than keyPendingPeriod (JWT_KEY_PENDING_SECONDS)");
      }
      JanuaConfig built = new JanuaConfig(s.copy());
      String rpId = built.webAuthnRpId();
      for (String origin : built.webAuthnOrigins()) {
        String host = java.net.URI.create(origin).getHost();
        if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
          throw new IllegalArgumentException("webAuthnOrigins (WEBAUTHN_ORIGINS) must be on the "
              + "relying-party id (WEBAUTHN_RP_ID, " + rpId + ") or a subdomain of it, got '"
              + origin + "'");
        }
      }
      return built;
    }
  }
}
