package dev.janua.examples;

import dev.janua.internal.EnvReader;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings the example service reads on top of the engine's ({@code JanuaConfig.fromMap}) and
 * the plug-ins' own variables.
 *
 * @param host         {@code HOST}, the address to listen on (default {@code 0.0.0.0})
 * @param port         {@code PORT} (default 4100; 0 picks a free port)
 * @param metricsToken {@code METRICS_TOKEN}: a bearer token that may read {@code /metrics} and
 *                     {@code /metrics/prometheus}, or null
 * @param adminEmails  {@code ADMIN_EMAILS}: comma-separated emails of the service's administrators,
 *                     who may read {@code /metrics} and any user (lower-cased)
 * @param databaseUrl  {@code DATABASE_URL}: PostgreSQL when set, else the in-memory store
 * @param redisUrl     {@code REDIS_URL}: Redis cache, invalidation bus and limiter when set
 * @param metricsPublic {@code METRICS_PUBLIC} (default false): when true, {@code /metrics} and
 *                     {@code /metrics/prometheus} answer anyone; otherwise they need {@code
 *                     METRICS_TOKEN} or an administrator's access token, set or not
 */
record ExampleSettings(String host, int port, String metricsToken, Set<String> adminEmails,
    String databaseUrl, String redisUrl, boolean metricsPublic) {

  static final int DEFAULT_PORT = 4100;

  static ExampleSettings fromMap(Map<String, String> env) {
    EnvReader r = EnvReader.of(env);
    int port = r.integer("PORT", DEFAULT_PORT, 0, 65535);
    String admins = r.text("ADMIN_EMAILS", null);
    Set<String> adminEmails = admins == null ? Set.of() : Arrays.stream(admins.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    // Secrets (the token, passwords in the URLs): read with text only, never quoted in a message.
    return new ExampleSettings(r.text("HOST", "0.0.0.0"), port, r.text("METRICS_TOKEN", null),
        adminEmails, r.text("DATABASE_URL", null), r.text("REDIS_URL", null),
        r.bool("METRICS_PUBLIC", false));
  }

  /** Never prints the metrics token or connection URLs (they may hold passwords). */
  @Override
  public String toString() {
    return "ExampleSettings[host=" + host + ", port=" + port + ", metricsToken="
        + (metricsToken == null ? "none" : "(set)") + ", adminEmails=" + adminEmails.size()
        + ", database=" + (databaseUrl == null ? "in-memory" : "postgresql")
        + ", redis=" + (redisUrl == null ? "none" : "(set)") + ", metricsPublic=" + metricsPublic
        + "]";
  }
}
