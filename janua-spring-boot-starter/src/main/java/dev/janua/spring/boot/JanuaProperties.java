package dev.janua.spring.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Janua's settings under {@code janua.*}. Every setting of the engine is the configuration guide's
 * variable of the same name: the property {@code janua.jwt-issuer} is the variable {@code
 * JWT_ISSUER}, {@code janua.bcrypt-rounds} is {@code BCRYPT_ROUNDS} (the variable's name in lower
 * case, dashes for underscores), and through Spring's relaxed binding the environment variable
 * {@code JANUA_JWT_ISSUER} sets {@code janua.jwt-issuer}. The values are handed to Janua's own
 * readers ({@code JanuaConfig.fromMap}, {@code JdbcStoreConfig.fromMap}, ...), so ranges, defaults
 * and error messages are the guide's. A guide variable without a typed property here ({@code
 * RATE_LIMIT_AUTHENTICATION}, {@code CACHE_TTL_USER_SECONDS}, {@code REDIS_POOL_SIZE}, ...) goes
 * in {@link #getEnv() janua.env}. Unset properties are null and leave the guide's default. See
 * docs/spring-boot.md.
 */
@ConfigurationProperties(prefix = "janua")
public final class JanuaProperties {
  /** The service's public base URL; the default issuer and the base of the discovery document's URLs. Variable PUBLIC_BASE_URL; default http://localhost:4100. */
  private @Nullable String publicBaseUrl;

  /** The tokens' iss: an absolute URL. Variable JWT_ISSUER; default the public base URL. */
  private @Nullable String jwtIssuer;

  /** The tokens' aud. Variable JWT_AUDIENCE; default janua. */
  private @Nullable String jwtAudience;

  /** The tokens' client_id. Variable JWT_CLIENT_ID; default the audience. */
  private @Nullable String jwtClientId;

  /** The signing algorithm: RS256 or ES256. Variable JWT_ALGORITHM; default RS256. */
  private @Nullable String jwtAlgorithm;

  /** The JOSE typ of access tokens: JWT or at+jwt. Variable JWT_ACCESS_TOKEN_TYPE; default JWT. */
  private @Nullable String jwtAccessTokenType;

  /** Access-token lifetime in minutes (1 to 1440). Variable JWT_ACCESS_TOKEN_EXPIRE_MINUTES; default 15. */
  private @Nullable Integer jwtAccessTokenExpireMinutes;

  /** Refresh-token lifetime in days (1 to 365). Variable JWT_REFRESH_TOKEN_EXPIRE_DAYS; default 7. */
  private @Nullable Integer jwtRefreshTokenExpireDays;

  /** A session's absolute lifetime in days (1 to 3650). Variable SESSION_MAX_LIFETIME_DAYS; default 30. */
  private @Nullable Integer sessionMaxLifetimeDays;

  /** Tolerated clock skew when validating, in seconds (0 to 300). Variable JWT_CLOCK_SKEW_SECONDS; default 30. */
  private @Nullable Integer jwtClockSkewSeconds;

  /** The signing key as PKCS#8 PEM. A secret: never logged. Variable JWT_PRIVATE_KEY; default unset: a generated key, or keys kept in the database. */
  private @Nullable String jwtPrivateKey;

  /** A file holding the signing key as PKCS#8 PEM. Variable JWT_PRIVATE_KEY_FILE; default unset. */
  private @Nullable String jwtPrivateKeyFile;

  /** Resource-server clients for introspection and revocation: id:secret[,id:secret...]. A secret: never logged. Variable JANUA_CLIENTS; default empty. */
  private @Nullable String clients;

  /** Window in which a concurrent duplicate refresh is only refused, in seconds (0 to 60). Variable REFRESH_TOKEN_REUSE_GRACE_SECONDS; default 5. */
  private @Nullable Integer refreshTokenReuseGraceSeconds;

  /** bcrypt cost (4 to 31). Variable BCRYPT_ROUNDS; default 12. */
  private @Nullable Integer bcryptRounds;

  /** Password hashes computed at once. Variable PASSWORD_HASH_CONCURRENCY; default the number of cores. */
  private @Nullable Integer passwordHashConcurrency;

  /** How long a signin waits for a hashing slot, in milliseconds. Variable PASSWORD_HASH_QUEUE_TIMEOUT_MS; default 5000. */
  private @Nullable Integer passwordHashQueueTimeoutMs;

  /** Whether rate limits apply. Variable RATE_LIMIT_ENABLED; default true. */
  private @Nullable Boolean rateLimitEnabled;

  /** The default per-minute limit. Variable RATE_LIMIT_PER_MINUTE; default 60. */
  private @Nullable Integer rateLimitPerMinute;

  /** The default per-hour limit. Variable RATE_LIMIT_PER_HOUR; default 1000. */
  private @Nullable Integer rateLimitPerHour;

  /** Comma-separated CIDR ranges that are never limited. Variable RATE_LIMIT_WHITELIST; default empty. */
  private @Nullable String rateLimitWhitelist;

  /** Comma-separated CIDR ranges whose X-Forwarded-For is believed. Variable TRUSTED_PROXIES; default empty. */
  private @Nullable String trustedProxies;

  /** Validated tokens kept in the token cache (0 turns it off). Variable TOKEN_CACHE_MAX_SIZE; default 100000. */
  private @Nullable Integer tokenCacheMaxSize;

  /** How long a readiness check may take, in milliseconds. Variable READY_CHECK_TIMEOUT_MS; default 2000. */
  private @Nullable Integer readyCheckTimeoutMs;

  /** PostgreSQL URL for a pool of Janua's own, used only when the application has no DataSource bean. May carry a password: never logged. Variable DATABASE_URL; default unset. */
  private @Nullable String databaseUrl;

  /** The schema of Janua's tables. Variable DATABASE_SCHEMA; default janua. */
  private @Nullable String databaseSchema;

  /** Whether Janua's migrations run at startup. Variable DATABASE_MIGRATE; default true. */
  private @Nullable Boolean databaseMigrate;

  /** The Redis URL for janua-redis. May carry a password: never logged. Variable REDIS_URL; default unset: the application's spring.data.redis settings, if any. */
  private @Nullable String redisUrl;

  /** The prefix of every Redis key Janua writes. Variable REDIS_KEY_PREFIX; default janua:. */
  private @Nullable String redisKeyPrefix;

  /**
   * Any other variable of the configuration guide, by its name, e.g.
   * janua.env.RATE_LIMIT_AUTHENTICATION=10/100; a typed property wins over the same name here.
   */
  private Map<String, String> env = new LinkedHashMap<>();

  /**
   * Whether the guide's bare names (JWT_ISSUER, DATABASE_SCHEMA, ...) are also read from the Spring
   * environment (system environment, system properties, application properties) for a setting
   * that no janua.* property gives.
   */
  private boolean readGuideVariables = true;

  /** The store of record: {@code janua.jdbc.enabled}. */
  private final Toggle jdbc = new Toggle();
  /** janua-redis: {@code janua.redis.enabled}. */
  private final Toggle redis = new Toggle();
  /** janua-cache's tiered cache: {@code janua.cache.enabled}. */
  private final Toggle cache = new Toggle();
  /** janua-metrics on the application's MeterRegistry: {@code janua.metrics.enabled}. */
  private final Toggle metrics = new Toggle();
  /** The web integration: {@code janua.web.*}. */
  private final Web web = new Web();

  /** The guide's names of the typed properties, in declaration order. */
  static final List<String> TYPED_VARIABLES = List.of("PUBLIC_BASE_URL", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_CLIENT_ID", "JWT_ALGORITHM", "JWT_ACCESS_TOKEN_TYPE", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "JWT_REFRESH_TOKEN_EXPIRE_DAYS", "SESSION_MAX_LIFETIME_DAYS", "JWT_CLOCK_SKEW_SECONDS", "JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY_FILE", "JANUA_CLIENTS", "REFRESH_TOKEN_REUSE_GRACE_SECONDS", "BCRYPT_ROUNDS", "PASSWORD_HASH_CONCURRENCY", "PASSWORD_HASH_QUEUE_TIMEOUT_MS", "RATE_LIMIT_ENABLED", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_PER_HOUR", "RATE_LIMIT_WHITELIST", "TRUSTED_PROXIES", "TOKEN_CACHE_MAX_SIZE", "READY_CHECK_TIMEOUT_MS", "DATABASE_URL", "DATABASE_SCHEMA", "DATABASE_MIGRATE", "REDIS_URL", "REDIS_KEY_PREFIX");

  /**
   * The typed properties that are set, as the guide's variables (name to value), in declaration
   * order.
   */
  public Map<String, String> typedVariables() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "PUBLIC_BASE_URL", publicBaseUrl);
    put(m, "JWT_ISSUER", jwtIssuer);
    put(m, "JWT_AUDIENCE", jwtAudience);
    put(m, "JWT_CLIENT_ID", jwtClientId);
    put(m, "JWT_ALGORITHM", jwtAlgorithm);
    put(m, "JWT_ACCESS_TOKEN_TYPE", jwtAccessTokenType);
    put(m, "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", jwtAccessTokenExpireMinutes);
    put(m, "JWT_REFRESH_TOKEN_EXPIRE_DAYS", jwtRefreshTokenExpireDays);
    put(m, "SESSION_MAX_LIFETIME_DAYS", sessionMaxLifetimeDays);
    put(m, "JWT_CLOCK_SKEW_SECONDS", jwtClockSkewSeconds);
    put(m, "JWT_PRIVATE_KEY", jwtPrivateKey);
    put(m, "JWT_PRIVATE_KEY_FILE", jwtPrivateKeyFile);
    put(m, "JANUA_CLIENTS", clients);
    put(m, "REFRESH_TOKEN_REUSE_GRACE_SECONDS", refreshTokenReuseGraceSeconds);
    put(m, "BCRYPT_ROUNDS", bcryptRounds);
    put(m, "PASSWORD_HASH_CONCURRENCY", passwordHashConcurrency);
    put(m, "PASSWORD_HASH_QUEUE_TIMEOUT_MS", passwordHashQueueTimeoutMs);
    put(m, "RATE_LIMIT_ENABLED", rateLimitEnabled);
    put(m, "RATE_LIMIT_PER_MINUTE", rateLimitPerMinute);
    put(m, "RATE_LIMIT_PER_HOUR", rateLimitPerHour);
    put(m, "RATE_LIMIT_WHITELIST", rateLimitWhitelist);
    put(m, "TRUSTED_PROXIES", trustedProxies);
    put(m, "TOKEN_CACHE_MAX_SIZE", tokenCacheMaxSize);
    put(m, "READY_CHECK_TIMEOUT_MS", readyCheckTimeoutMs);
    put(m, "DATABASE_URL", databaseUrl);
    put(m, "DATABASE_SCHEMA", databaseSchema);
    put(m, "DATABASE_MIGRATE", databaseMigrate);
    put(m, "REDIS_URL", redisUrl);
    put(m, "REDIS_KEY_PREFIX", redisKeyPrefix);
    return m;
  }

  private static void put(Map<String, String> m, String name, @Nullable Object value) {
    if (value != null) {
      m.put(name, value.toString());
    }
  }

  /** {@code PUBLIC_BASE_URL}; null when unset. */
  public @Nullable String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  /** Sets {@code PUBLIC_BASE_URL}. */
  public void setPublicBaseUrl(@Nullable String value) {
    this.publicBaseUrl = value;
  }

  /** {@code JWT_ISSUER}; null when unset. */
  public @Nullable String getJwtIssuer() {
    return jwtIssuer;
  }

  /** Sets {@code JWT_ISSUER}. */
  public void setJwtIssuer(@Nullable String value) {
    this.jwtIssuer = value;
  }

  /** {@code JWT_AUDIENCE}; null when unset. */
  public @Nullable String getJwtAudience() {
    return jwtAudience;
  }

  /** Sets {@code JWT_AUDIENCE}. */
  public void setJwtAudience(@Nullable String value) {
    this.jwtAudience = value;
  }

  /** {@code JWT_CLIENT_ID}; null when unset. */
  public @Nullable String getJwtClientId() {
    return jwtClientId;
  }

  /** Sets {@code JWT_CLIENT_ID}. */
  public void setJwtClientId(@Nullable String value) {
    this.jwtClientId = value;
  }

  /** {@code JWT_ALGORITHM}; null when unset. */
  public @Nullable String getJwtAlgorithm() {
    return jwtAlgorithm;
  }

  /** Sets {@code JWT_ALGORITHM}. */
  public void setJwtAlgorithm(@Nullable String value) {
    this.jwtAlgorithm = value;
  }

  /** {@code JWT_ACCESS_TOKEN_TYPE}; null when unset. */
  public @Nullable String getJwtAccessTokenType() {
    return jwtAccessTokenType;
  }

  /** Sets {@code JWT_ACCESS_TOKEN_TYPE}. */
  public void setJwtAccessTokenType(@Nullable String value) {
    this.jwtAccessTokenType = value;
  }

  /** {@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}; null when unset. */
  public @Nullable Integer getJwtAccessTokenExpireMinutes() {
    return jwtAccessTokenExpireMinutes;
  }

  /** Sets {@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}. */
  public void setJwtAccessTokenExpireMinutes(@Nullable Integer value) {
    this.jwtAccessTokenExpireMinutes = value;
  }

  /** {@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}; null when unset. */
  public @Nullable Integer getJwtRefreshTokenExpireDays() {
    return jwtRefreshTokenExpireDays;
  }

  /** Sets {@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}. */
  public void setJwtRefreshTokenExpireDays(@Nullable Integer value) {
    this.jwtRefreshTokenExpireDays = value;
  }

  /** {@code SESSION_MAX_LIFETIME_DAYS}; null when unset. */
  public @Nullable Integer getSessionMaxLifetimeDays() {
    return sessionMaxLifetimeDays;
  }

  /** Sets {@code SESSION_MAX_LIFETIME_DAYS}. */
  public void setSessionMaxLifetimeDays(@Nullable Integer value) {
    this.sessionMaxLifetimeDays = value;
  }

  /** {@code JWT_CLOCK_SKEW_SECONDS}; null when unset. */
  public @Nullable Integer getJwtClockSkewSeconds() {
    return jwtClockSkewSeconds;
  }

  /** Sets {@code JWT_CLOCK_SKEW_SECONDS}. */
  public void setJwtClockSkewSeconds(@Nullable Integer value) {
    this.jwtClockSkewSeconds = value;
  }

  /** {@code JWT_PRIVATE_KEY}; null when unset. */
  public @Nullable String getJwtPrivateKey() {
    return jwtPrivateKey;
  }

  /** Sets {@code JWT_PRIVATE_KEY}. */
  public void setJwtPrivateKey(@Nullable String value) {
    this.jwtPrivateKey = value;
  }

  /** {@code JWT_PRIVATE_KEY_FILE}; null when unset. */
  public @Nullable String getJwtPrivateKeyFile() {
    return jwtPrivateKeyFile;
  }

  /** Sets {@code JWT_PRIVATE_KEY_FILE}. */
  public void setJwtPrivateKeyFile(@Nullable String value) {
    this.jwtPrivateKeyFile = value;
  }

  /** {@code JANUA_CLIENTS}; null when unset. */
  public @Nullable String getClients() {
    return clients;
  }

  /** Sets {@code JANUA_CLIENTS}. */
  public void setClients(@Nullable String value) {
    this.clients = value;
  }

  /** {@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}; null when unset. */
  public @Nullable Integer getRefreshTokenReuseGraceSeconds() {
    return refreshTokenReuseGraceSeconds;
  }

  /** Sets {@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}. */
  public void setRefreshTokenReuseGraceSeconds(@Nullable Integer value) {
    this.refreshTokenReuseGraceSeconds = value;
  }

  /** {@code BCRYPT_ROUNDS}; null when unset. */
  public @Nullable Integer getBcryptRounds() {
    return bcryptRounds;
  }

  /** Sets {@code BCRYPT_ROUNDS}. */
  public void setBcryptRounds(@Nullable Integer value) {
    this.bcryptRounds = value;
  }

  /** {@code PASSWORD_HASH_CONCURRENCY}; null when unset. */
  public @Nullable Integer getPasswordHashConcurrency() {
    return passwordHashConcurrency;
  }

  /** Sets {@code PASSWORD_HASH_CONCURRENCY}. */
  public void setPasswordHashConcurrency(@Nullable Integer value) {
    this.passwordHashConcurrency = value;
  }

  /** {@code PASSWORD_HASH_QUEUE_TIMEOUT_MS}; null when unset. */
  public @Nullable Integer getPasswordHashQueueTimeoutMs() {
    return passwordHashQueueTimeoutMs;
  }

  /** Sets {@code PASSWORD_HASH_QUEUE_TIMEOUT_MS}. */
  public void setPasswordHashQueueTimeoutMs(@Nullable Integer value) {
    this.passwordHashQueueTimeoutMs = value;
  }

  /** {@code RATE_LIMIT_ENABLED}; null when unset. */
  public @Nullable Boolean getRateLimitEnabled() {
    return rateLimitEnabled;
  }

  /** Sets {@code RATE_LIMIT_ENABLED}. */
  public void setRateLimitEnabled(@Nullable Boolean value) {
    this.rateLimitEnabled = value;
  }

  /** {@code RATE_LIMIT_PER_MINUTE}; null when unset. */
  public @Nullable Integer getRateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  /** Sets {@code RATE_LIMIT_PER_MINUTE}. */
  public void setRateLimitPerMinute(@Nullable Integer value) {
    this.rateLimitPerMinute = value;
  }

  /** {@code RATE_LIMIT_PER_HOUR}; null when unset. */
  public @Nullable Integer getRateLimitPerHour() {
    return rateLimitPerHour;
  }

  /** Sets {@code RATE_LIMIT_PER_HOUR}. */
  public void setRateLimitPerHour(@Nullable Integer value) {
    this.rateLimitPerHour = value;
  }

  /** {@code RATE_LIMIT_WHITELIST}; null when unset. */
  public @Nullable String getRateLimitWhitelist() {
    return rateLimitWhitelist;
  }

  /** Sets {@code RATE_LIMIT_WHITELIST}. */
  public void setRateLimitWhitelist(@Nullable String value) {
    this.rateLimitWhitelist = value;
  }

  /** {@code TRUSTED_PROXIES}; null when unset. */
  public @Nullable String getTrustedProxies() {
    return trustedProxies;
  }

  /** Sets {@code TRUSTED_PROXIES}. */
  public void setTrustedProxies(@Nullable String value) {
    this.trustedProxies = value;
  }

  /** {@code TOKEN_CACHE_MAX_SIZE}; null when unset. */
  public @Nullable Integer getTokenCacheMaxSize() {
    return tokenCacheMaxSize;
  }

  /** Sets {@code TOKEN_CACHE_MAX_SIZE}. */
  public void setTokenCacheMaxSize(@Nullable Integer value) {
    this.tokenCacheMaxSize = value;
  }

  /** {@code READY_CHECK_TIMEOUT_MS}; null when unset. */
  public @Nullable Integer getReadyCheckTimeoutMs() {
    return readyCheckTimeoutMs;
  }

  /** Sets {@code READY_CHECK_TIMEOUT_MS}. */
  public void setReadyCheckTimeoutMs(@Nullable Integer value) {
    this.readyCheckTimeoutMs = value;
  }

  /** {@code DATABASE_URL}; null when unset. */
  public @Nullable String getDatabaseUrl() {
    return databaseUrl;
  }

  /** Sets {@code DATABASE_URL}. */
  public void setDatabaseUrl(@Nullable String value) {
    this.databaseUrl = value;
  }

  /** {@code DATABASE_SCHEMA}; null when unset. */
  public @Nullable String getDatabaseSchema() {
    return databaseSchema;
  }

  /** Sets {@code DATABASE_SCHEMA}. */
  public void setDatabaseSchema(@Nullable String value) {
    this.databaseSchema = value;
  }

  /** {@code DATABASE_MIGRATE}; null when unset. */
  public @Nullable Boolean getDatabaseMigrate() {
    return databaseMigrate;
  }

  /** Sets {@code DATABASE_MIGRATE}. */
  public void setDatabaseMigrate(@Nullable Boolean value) {
    this.databaseMigrate = value;
  }

  /** {@code REDIS_URL}; null when unset. */
  public @Nullable String getRedisUrl() {
    return redisUrl;
  }

  /** Sets {@code REDIS_URL}. */
  public void setRedisUrl(@Nullable String value) {
    this.redisUrl = value;
  }

  /** {@code REDIS_KEY_PREFIX}; null when unset. */
  public @Nullable String getRedisKeyPrefix() {
    return redisKeyPrefix;
  }

  /** Sets {@code REDIS_KEY_PREFIX}. */
  public void setRedisKeyPrefix(@Nullable String value) {
    this.redisKeyPrefix = value;
  }

  /** Other guide variables by name. */
  public Map<String, String> getEnv() {
    return env;
  }

  /** Sets other guide variables by name. */
  public void setEnv(Map<String, String> env) {
    this.env = new LinkedHashMap<>(env);
  }

  /** Whether the guide's bare names are read from the Spring environment (default true). */
  public boolean isReadGuideVariables() {
    return readGuideVariables;
  }

  /** Sets whether the guide's bare names are read from the Spring environment. */
  public void setReadGuideVariables(boolean readGuideVariables) {
    this.readGuideVariables = readGuideVariables;
  }

  /** {@code janua.jdbc.*}. */
  public Toggle getJdbc() {
    return jdbc;
  }

  /** {@code janua.redis.*}. */
  public Toggle getRedis() {
    return redis;
  }

  /** {@code janua.cache.*}. */
  public Toggle getCache() {
    return cache;
  }

  /** {@code janua.metrics.*}. */
  public Toggle getMetrics() {
    return metrics;
  }

  /** {@code janua.web.*}. */
  public Web getWeb() {
    return web;
  }

  /** Switches a plugin on or off; on by default when its module is on the class path. */
  public static final class Toggle {
    /** Whether the plugin is installed (when its module and its service are there). */
    private boolean enabled = true;

    /** Whether the plugin is installed. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the plugin is installed. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code janua.web.*}: Spring Security and the auth routes. */
  public static final class Web {
    /** The Spring Security integration: {@code janua.web.security.enabled}. */
    private final Toggle security = new Toggle();
    /** The auth routes: {@code janua.web.routes.*}. */
    private final Routes routes = new Routes();

    /** {@code janua.web.security.*}. */
    public Toggle getSecurity() {
      return security;
    }

    /** {@code janua.web.routes.*}. */
    public Routes getRoutes() {
      return routes;
    }
  }

  /** {@code janua.web.routes.*}. */
  public static final class Routes {
    /**
     * Whether the auth routes (signup, signin, refresh, signout, me under /api/v1/auth), the JWKS
     * and the discovery documents are served.
     */
    private boolean enabled = false;

    /** Whether the auth routes are served (default false). */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the auth routes are served. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
