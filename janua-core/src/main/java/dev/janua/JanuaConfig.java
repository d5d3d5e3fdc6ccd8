package dev.janua;

import dev.janua.internal.EnvReader;
import dev.janua.internal.Cidr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's configuration: immutable, with the performance guide's defaults. Build it in code
 * with {@link #builder()}, or read it from the environment with {@link #fromEnv()}; see
 * docs/configuration.md for every variable.
 *
 * @param accessTokenTtl           access token lifetime ({@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}, 15)
 * @param refreshTokenTtl          refresh token lifetime ({@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}, 7)
 * @param sessionMaxLifetime       absolute session cap ({@code SESSION_MAX_LIFETIME_DAYS}, 30)
 * @param algorithm                signing algorithm ({@code JWT_ALGORITHM}, RS256; or ES256)
 * @param issuer                   {@code iss} claim ({@code JWT_ISSUER}, "janua")
 * @param audience                 {@code aud} claim ({@code JWT_AUDIENCE}, "janua")
 * @param clockSkew                tolerated clock skew for exp/nbf ({@code JWT_CLOCK_SKEW_SECONDS}, 30)
 * @param refreshReuseGrace        window in which a spent refresh token is a concurrent duplicate
 *                                 rather than a replay ({@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}, 5)
 * @param bcryptRounds             bcrypt cost ({@code BCRYPT_ROUNDS}, 12)
 * @param passwordHashConcurrency  concurrent bcrypt operations ({@code PASSWORD_HASH_CONCURRENCY},
 *                                 the number of cores)
 * @param passwordHashQueueTimeout longest wait for a hashing slot before {@link BusyException}
 *                                 ({@code PASSWORD_HASH_QUEUE_TIMEOUT_MS}, 5000)
 * @param rateLimitEnabled         whether rate limits apply ({@code RATE_LIMIT_ENABLED}, true)
 * @param rateLimitPerMinute       {@link RateLimitCategory#DEFAULT} per minute ({@code RATE_LIMIT_PER_MINUTE}, 60)
 * @param rateLimitPerHour         {@link RateLimitCategory#DEFAULT} per hour ({@code RATE_LIMIT_PER_HOUR}, 1000)
 * @param rateLimitOverrides       per-category limits ({@code RATE_LIMIT_<CATEGORY>=10/100})
 * @param rateLimitWhitelist       exempt addresses and ranges ({@code RATE_LIMIT_WHITELIST}, empty)
 * @param trustedProxies           proxies whose X-Forwarded-For is believed ({@code TRUSTED_PROXIES}, empty)
 * @param tokenCacheMaxSize        validated-token cache entries ({@code TOKEN_CACHE_MAX_SIZE}, 100000; 0 disables)
 * @param readyTimeout             time limit of each readiness check ({@code READY_CHECK_TIMEOUT_MS}, 2000)
 * @param signingKeyPem            PKCS#8 PEM private key ({@code JWT_PRIVATE_KEY} or the file named
 *                                 by {@code JWT_PRIVATE_KEY_FILE}), or {@code null} to generate one
 */
public record JanuaConfig(
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration sessionMaxLifetime,
    String algorithm,
    String issuer,
    String audience,
    Duration clockSkew,
    Duration refreshReuseGrace,
    int bcryptRounds,
    int passwordHashConcurrency,
    Duration passwordHashQueueTimeout,
    boolean rateLimitEnabled,
    int rateLimitPerMinute,
    int rateLimitPerHour,
    Map<RateLimitCategory, RateLimitRule> rateLimitOverrides,
    List<Cidr> rateLimitWhitelist,
    List<Cidr> trustedProxies,
    long tokenCacheMaxSize,
    Duration readyTimeout,
    String signingKeyPem) {

  /** The algorithms Janua signs with. */
  public static final List<String> ALGORITHMS = List.of("RS256", "ES256");

  public JanuaConfig {
    requirePositive(accessTokenTtl, "accessTokenTtl");
    requirePositive(refreshTokenTtl, "refreshTokenTtl");
    requirePositive(sessionMaxLifetime, "sessionMaxLifetime");
    if (sessionMaxLifetime.compareTo(refreshTokenTtl) < 0) {
      throw new IllegalArgumentException("sessionMaxLifetime (" + sessionMaxLifetime
          + ") must not be shorter than refreshTokenTtl (" + refreshTokenTtl + ")");
    }
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("algorithm must be one of " + ALGORITHMS + ", got " + algorithm);
    }
    requireText(issuer, "issuer");
    requireText(audience, "audience");
    requireNotNegative(clockSkew, "clockSkew");
    requireNotNegative(refreshReuseGrace, "refreshReuseGrace");
    if (bcryptRounds < 4 || bcryptRounds > 31) {
      throw new IllegalArgumentException("bcryptRounds must be from 4 to 31, got " + bcryptRounds);
    }
    if (passwordHashConcurrency < 1) {
      throw new IllegalArgumentException(
          "passwordHashConcurrency must be at least 1, got " + passwordHashConcurrency);
    }
    requireNotNegative(passwordHashQueueTimeout, "passwordHashQueueTimeout");
    new RateLimitRule(rateLimitPerMinute, rateLimitPerHour); // checks both
    rateLimitOverrides = Map.copyOf(rateLimitOverrides);
    rateLimitWhitelist = List.copyOf(rateLimitWhitelist);
    trustedProxies = List.copyOf(trustedProxies);
    if (tokenCacheMaxSize < 0) {
      throw new IllegalArgumentException("tokenCacheMaxSize must not be negative, got " + tokenCacheMaxSize);
    }
    requirePositive(readyTimeout, "readyTimeout");
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
    return new Builder(this);
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
    EnvReader r = EnvReader.of(env);
    Builder b = builder();
    b.accessTokenTtl(Duration.ofMinutes(r.integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 15, 1, 24 * 60)));
    b.refreshTokenTtl(Duration.ofDays(r.integer("JWT_REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 365)));
    b.sessionMaxLifetime(Duration.ofDays(r.integer("SESSION_MAX_LIFETIME_DAYS", 30, 1, 3650)));
    b.algorithm(r.oneOf("JWT_ALGORITHM", "RS256", ALGORITHMS));
    b.issuer(r.text("JWT_ISSUER", "janua"));
    b.audience(r.text("JWT_AUDIENCE", "janua"));
    b.clockSkew(Duration.ofSeconds(r.integer("JWT_CLOCK_SKEW_SECONDS", 30, 0, 300)));
    b.refreshReuseGrace(Duration.ofSeconds(r.integer("REFRESH_TOKEN_REUSE_GRACE_SECONDS", 5, 0, 60)));
    b.bcryptRounds(r.integer("BCRYPT_ROUNDS", 12, 4, 31));
    b.passwordHashConcurrency(r.integer("PASSWORD_HASH_CONCURRENCY",
        Runtime.getRuntime().availableProcessors(), 1, 1024));
    b.passwordHashQueueTimeout(Duration.ofMillis(
        r.integer("PASSWORD_HASH_QUEUE_TIMEOUT_MS", 5000, 0, 600_000)));
    b.rateLimitEnabled(r.bool("RATE_LIMIT_ENABLED", true));
    b.rateLimitPerMinute(r.integer("RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000));
    b.rateLimitPerHour(r.integer("RATE_LIMIT_PER_HOUR", 1000, 1, 100_000_000));
    for (RateLimitCategory category : RateLimitCategory.values()) {
      if (category != RateLimitCategory.DEFAULT) {
        RateLimitRule rule = r.rule("RATE_LIMIT_" + category.name());
        if (rule != null) {
          b.rateLimit(category, rule);
        }
      }
    }
    b.rateLimitWhitelist(r.cidrs("RATE_LIMIT_WHITELIST"));
    b.trustedProxies(r.cidrs("TRUSTED_PROXIES"));
    b.tokenCacheMaxSize(r.integer("TOKEN_CACHE_MAX_SIZE", 100_000, 0, 100_000_000));
    b.readyTimeout(Duration.ofMillis(r.integer("READY_CHECK_TIMEOUT_MS", 2000, 1, 60_000)));
    b.signingKeyPem(privateKey(r));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new JanuaConfigException("SESSION_MAX_LIFETIME_DAYS", e.getMessage());
    }
  }

  /** The limits that apply to a category: an override, else the guide's defaults. */
  public RateLimitRule rateLimitRule(RateLimitCategory category) {
    RateLimitRule override = rateLimitOverrides.get(category);
    if (override != null) {
      return override;
    }
    return category == RateLimitCategory.DEFAULT
        ? new RateLimitRule(rateLimitPerMinute, rateLimitPerHour)
        : category.defaultRule();
  }

  /** Never prints the signing key. */
  @Override
  public String toString() {
    return "JanuaConfig[accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
        + ", sessionMaxLifetime=" + sessionMaxLifetime + ", algorithm=" + algorithm
        + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew
        + ", refreshReuseGrace=" + refreshReuseGrace + ", bcryptRounds=" + bcryptRounds
        + ", passwordHashConcurrency=" + passwordHashConcurrency
        + ", passwordHashQueueTimeout=" + passwordHashQueueTimeout
        + ", rateLimitEnabled=" + rateLimitEnabled + ", rateLimitPerMinute=" + rateLimitPerMinute
        + ", rateLimitPerHour=" + rateLimitPerHour + ", rateLimitOverrides=" + rateLimitOverrides
        + ", rateLimitWhitelist=" + rateLimitWhitelist + ", trustedProxies=" + trustedProxies
        + ", tokenCacheMaxSize=" + tokenCacheMaxSize + ", readyTimeout=" + readyTimeout
        + ", signingKeyPem=" + (signingKeyPem == null ? "none" : "(set)") + "]";
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** Builds a {@link JanuaConfig}; {@link #build()} checks every value. Reusable. */
  public static final class Builder {
    private Duration accessTokenTtl = Duration.ofMinutes(15);
    private Duration refreshTokenTtl = Duration.ofDays(7);
    private Duration sessionMaxLifetime = Duration.ofDays(30);
    private String algorithm = "RS256";
    private String issuer = "janua";
    private String audience = "janua";
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration refreshReuseGrace = Duration.ofSeconds(5);
    private int bcryptRounds = 12;
    private int passwordHashConcurrency = Runtime.getRuntime().availableProcessors();
    private Duration passwordHashQueueTimeout = Duration.ofSeconds(5);
    private boolean rateLimitEnabled = true;
    private int rateLimitPerMinute = 60;
    private int rateLimitPerHour = 1000;
    private final Map<RateLimitCategory, RateLimitRule> rateLimitOverrides =
        new EnumMap<>(RateLimitCategory.class);
    private List<Cidr> rateLimitWhitelist = List.of();
    private List<Cidr> trustedProxies = List.of();
    private long tokenCacheMaxSize = 100_000;
    private Duration readyTimeout = Duration.ofSeconds(2);
    private String signingKeyPem;

    private Builder() {}

    private Builder(JanuaConfig c) {
      accessTokenTtl = c.accessTokenTtl;
      refreshTokenTtl = c.refreshTokenTtl;
      sessionMaxLifetime = c.sessionMaxLifetime;
      algorithm = c.algorithm;
      issuer = c.issuer;
      audience = c.audience;
      clockSkew = c.clockSkew;
      refreshReuseGrace = c.refreshReuseGrace;
      bcryptRounds = c.bcryptRounds;
      passwordHashConcurrency = c.passwordHashConcurrency;
      passwordHashQueueTimeout = c.passwordHashQueueTimeout;
      rateLimitEnabled = c.rateLimitEnabled;
      rateLimitPerMinute = c.rateLimitPerMinute;
      rateLimitPerHour = c.rateLimitPerHour;
      rateLimitOverrides.putAll(c.rateLimitOverrides);
      rateLimitWhitelist = c.rateLimitWhitelist;
      trustedProxies = c.trustedProxies;
      tokenCacheMaxSize = c.tokenCacheMaxSize;
      readyTimeout = c.readyTimeout;
      signingKeyPem = c.signingKeyPem;
    }

    public Builder accessTokenTtl(Duration v) { accessTokenTtl = v; return this; }
    public Builder refreshTokenTtl(Duration v) { refreshTokenTtl = v; return this; }
    public Builder sessionMaxLifetime(Duration v) { sessionMaxLifetime = v; return this; }
    public Builder algorithm(String v) { algorithm = v; return this; }
    public Builder issuer(String v) { issuer = v; return this; }
    public Builder audience(String v) { audience = v; return this; }
    public Builder clockSkew(Duration v) { clockSkew = v; return this; }
    public Builder refreshReuseGrace(Duration v) { refreshReuseGrace = v; return this; }
    public Builder bcryptRounds(int v) { bcryptRounds = v; return this; }
    public Builder passwordHashConcurrency(int v) { passwordHashConcurrency = v; return this; }
    public Builder passwordHashQueueTimeout(Duration v) { passwordHashQueueTimeout = v; return this; }
    public Builder rateLimitEnabled(boolean v) { rateLimitEnabled = v; return this; }
    public Builder rateLimitPerMinute(int v) { rateLimitPerMinute = v; return this; }
    public Builder rateLimitPerHour(int v) { rateLimitPerHour = v; return this; }
    /** Overrides one category's limits. */
    public Builder rateLimit(RateLimitCategory category, RateLimitRule rule) {
      rateLimitOverrides.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(rule, "rule"));
      return this;
    }
    public Builder rateLimitWhitelist(List<Cidr> v) { rateLimitWhitelist = v; return this; }
    public Builder trustedProxies(List<Cidr> v) { trustedProxies = v; return this; }
    public Builder tokenCacheMaxSize(long v) { tokenCacheMaxSize = v; return this; }
    public Builder readyTimeout(Duration v) { readyTimeout = v; return this; }
    public Builder signingKeyPem(String v) { signingKeyPem = v; return this; }

    /**
     * @throws IllegalArgumentException naming the first out-of-range value
     */
    public JanuaConfig build() {
      return new JanuaConfig(accessTokenTtl, refreshTokenTtl, sessionMaxLifetime, algorithm, issuer,
          audience, clockSkew, refreshReuseGrace, bcryptRounds, passwordHashConcurrency,
          passwordHashQueueTimeout, rateLimitEnabled, rateLimitPerMinute, rateLimitPerHour,
          rateLimitOverrides, rateLimitWhitelist, trustedProxies, tokenCacheMaxSize, readyTimeout,
          signingKeyPem);
    }
  }

  /** JWT_PRIVATE_KEY or the file named by JWT_PRIVATE_KEY_FILE; never echoes the key. */
  private static String privateKey(EnvReader r) {
    String pem = r.text("JWT_PRIVATE_KEY", null);
    String file = r.text("JWT_PRIVATE_KEY_FILE", null);
    if (pem != null && file != null) {
      throw new JanuaConfigException("JWT_PRIVATE_KEY",
          "set JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE, not both");
    }
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
      } catch (Exception e) {
        throw new JanuaConfigException("JWT_PRIVATE_KEY_FILE",
            "JWT_PRIVATE_KEY_FILE must name a readable PEM file, got '" + file + "' ("
                + e.getClass().getSimpleName() + ")");
      }
    }
    if (pem != null && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      // Never echo the value: it is a secret.
      throw new JanuaConfigException("JWT_PRIVATE_KEY",
          "JWT_PRIVATE_KEY must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    return pem;
  }
}
