package dev.janua.spring.boot.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The engine's settings as the configuration guide's variables (name to value), resolved once
 * from the {@code janua.*} properties and, where those say nothing, the guide's bare names in the
 * Spring environment. Handed to Janua's own readers ({@code JanuaConfig.fromMap}, ...). {@link
 * #toString()} names the variables only: values may be secrets.
 */
public final class JanuaSettings {
  /** Every variable of the configuration guide that a Spring application may set. */
  public static final List<String> GUIDE_VARIABLES = List.of(
      "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
      "SESSION_MAX_LIFETIME_DAYS", "JWT_ALGORITHM", "PUBLIC_BASE_URL", "JWT_ISSUER",
      "JWT_AUDIENCE", "JWT_CLIENT_ID", "JWT_ACCESS_TOKEN_TYPE", "JANUA_CLIENTS",
      "JWT_CLOCK_SKEW_SECONDS", "REFRESH_TOKEN_REUSE_GRACE_SECONDS", "BCRYPT_ROUNDS",
      "PASSWORD_HASH_CONCURRENCY", "PASSWORD_HASH_QUEUE_TIMEOUT_MS", "RATE_LIMIT_ENABLED",
      "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_PER_HOUR", "RATE_LIMIT_AUTHENTICATION",
      "RATE_LIMIT_PASSWORD_RESET", "RATE_LIMIT_TOKEN_REFRESH", "RATE_LIMIT_USER_OPERATIONS",
      "RATE_LIMIT_ADMIN_OPERATIONS", "RATE_LIMIT_WEBHOOKS", "RATE_LIMIT_TOKEN_INTROSPECTION",
      "RATE_LIMIT_WHITELIST", "TRUSTED_PROXIES", "TOKEN_CACHE_MAX_SIZE", "READY_CHECK_TIMEOUT_MS",
      "JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY_FILE", "JANUA_KEY_ENCRYPTION_KEY",
      "JANUA_KEY_ENCRYPTION_KEY_PREVIOUS", "JANUA_ALLOW_PLAINTEXT_KEYS", "JWT_KEY_ROTATION_DAYS",
      "JWT_KEY_PENDING_SECONDS", "JWT_KEY_RELOAD_SECONDS", "JWT_UNKNOWN_KID_RELOAD_SECONDS",
      "DATABASE_URL", "DATABASE_POOL_SIZE", "DATABASE_MAX_OVERFLOW", "DATABASE_POOL_TIMEOUT",
      "LOG_SLOW_QUERY_THRESHOLD", "DATABASE_SCHEMA", "DATABASE_MIGRATE",
      "CACHE_TTL_USER_SECONDS", "CACHE_TTL_SESSION_SECONDS", "CACHE_TTL_ORGANIZATION_SECONDS",
      "CACHE_TTL_SETTINGS_SECONDS", "CACHE_TTL_SSO_SECONDS", "CACHE_TTL_PERMISSIONS_SECONDS",
      "CACHE_TTL_JWKS_SECONDS", "CACHE_SHARED_ONLY", "CIRCUIT_BREAKER_FAILURE_THRESHOLD",
      "CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "REDIS_URL", "REDIS_CLUSTER", "REDIS_POOL_SIZE",
      "REDIS_COMMAND_TIMEOUT_MS", "REDIS_CONNECT_TIMEOUT_MS", "REDIS_HEALTH_TIMEOUT_MS",
      "REDIS_RECONNECT_MAX_DELAY_MS", "REDIS_KEY_PREFIX", "REDIS_CLIENT_NAME",
      "REDIS_RATE_LIMIT_FALLBACK", "LOG_SLOW_REQUEST_THRESHOLD");

  /** Looks a bare name up in the Spring environment. */
  public interface Lookup {
    /** The value of {@code name}, or null. */
    @Nullable String get(String name);
  }

  private final Map<String, String> variables;

  private JanuaSettings(Map<String, String> variables) {
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /**
   * Resolves the settings: a typed {@code janua.*} property first, then {@code janua.env.NAME},
   * then (when {@code readGuideNames}) the bare guide name from {@code lookup}. Blank values count
   * as unset.
   */
  public static JanuaSettings resolve(Map<String, String> typed, Map<String, String> env,
      boolean readGuideNames, Lookup lookup) {
    Objects.requireNonNull(lookup, "lookup");
    Map<String, String> m = new LinkedHashMap<>();
    if (readGuideNames) {
      Set<String> names = new TreeSet<>(GUIDE_VARIABLES);
      names.addAll(env.keySet());
      for (String name : names) {
        String v = lookup.get(name);
        if (v != null && !v.isBlank()) {
          m.put(name, v);
        }
      }
    }
    env.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        m.put(k, v);
      }
    });
    typed.forEach((k, v) -> {
      if (!v.isBlank()) {
        m.put(k, v);
      }
    });
    return new JanuaSettings(m);
  }

  /** The resolved variables, name to value; unmodifiable. */
  public Map<String, String> variables() {
    return variables;
  }

  /** One variable, or null when unset. */
  public @Nullable String get(String name) {
    return variables.get(name);
  }

  /** These settings with one more variable (replacing any value it had). */
  public JanuaSettings with(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>(variables);
    m.put(name, value);
    return new JanuaSettings(m);
  }

  /** The names of the variables that are set, never their values. */
  @Override
  public String toString() {
    return "JanuaSettings" + new TreeSet<>(variables.keySet());
  }
}
