package dev.janua.metrics;

/**
 * The names of every meter janua-metrics registers, dot-separated as Micrometer wants them. The
 * Prometheus registry renders each as the name in its Javadoc: counters gain {@code _total},
 * timers gain {@code _seconds}, gauges keep their name.
 */
public final class MeterNames {
  private MeterNames() {}

  /** Timer, tags {@code method, path, status}: {@code janua_http_request_duration_seconds}. */
  public static final String HTTP_REQUEST_DURATION = "janua.http.request.duration";
  /** Counter, tags {@code method, path, status}: {@code janua_http_requests_total}. */
  public static final String HTTP_REQUESTS = "janua.http.requests";

  /** Function counter: {@code janua_cache_hits_total}. */
  public static final String CACHE_HITS = "janua.cache.hits";
  /** Function counter: {@code janua_cache_misses_total}. */
  public static final String CACHE_MISSES = "janua.cache.misses";
  /** Function counter: {@code janua_cache_sets_total}. */
  public static final String CACHE_SETS = "janua.cache.sets";
  /** Function counter, tag {@code tier} ({@code l1}, {@code l2}): {@code janua_cache_tier_hits_total}. */
  public static final String CACHE_TIER_HITS = "janua.cache.tier.hits";
  /** Gauge, hits over reads from 0 to 1: {@code janua_cache_hit_rate}. */
  public static final String CACHE_HIT_RATE = "janua.cache.hit.rate";
  /** Gauge, entries in the in-process tier: {@code janua_cache_l1_size}. */
  public static final String CACHE_L1_SIZE = "janua.cache.l1.size";
  /** Gauge, 1 when the shared tier is configured and its circuit closed: {@code janua_cache_l2_connected}. */
  public static final String CACHE_L2_CONNECTED = "janua.cache.l2.connected";

  /** Gauge: {@code janua_db_connections_active}. */
  public static final String DB_CONNECTIONS_ACTIVE = "janua.db.connections.active";
  /** Gauge: {@code janua_db_connections_idle}. */
  public static final String DB_CONNECTIONS_IDLE = "janua.db.connections.idle";
  /** Gauge, threads waiting for a connection: {@code janua_db_connections_pending}. */
  public static final String DB_CONNECTIONS_PENDING = "janua.db.connections.pending";
  /** Gauge, the pool's maximum size: {@code janua_db_connections_max}. */
  public static final String DB_CONNECTIONS_MAX = "janua.db.connections.max";

  /**
   * Counter, tags {@code operation} (signup, signin, refresh, change_password, signout, sessions,
   * users, organizations, keys, introspect, revoke, password_reset_request, password_reset,
   * resend_verification, verify_email, change_email, delete_user) and {@code result} ({@code success}, a {@code JanuaException} code,
   * {@code error}): {@code janua_operations_total}.
   */
  public static final String OPERATIONS = "janua.operations";
  /**
   * Notification deliveries by kind ({@code password_reset}, ...) and result ({@code delivered},
   * {@code retried}, {@code failed}, {@code dropped}); Prometheus {@code
   * janua_notifications_total}.
   */
  public static final String NOTIFICATIONS = "janua.notifications";
  /**
   * Rows deleted by the retention purge, tag {@code kind} ({@code refresh_tokens}, {@code
   * sessions}, {@code account_tokens}, {@code invitations}, {@code api_tokens}, {@code
   * audit_events}); Prometheus {@code janua_retention_purged_total}.
   */
  public static final String RETENTION_PURGED = "janua.retention.purged";

  /** Counter, tag {@code result}: {@code janua_auth_signin_attempts_total}. */
  public static final String SIGNIN_ATTEMPTS = "janua.auth.signin.attempts";
  /** Counter, tag {@code result}: {@code janua_auth_signup_attempts_total}. */
  public static final String SIGNUP_ATTEMPTS = "janua.auth.signup.attempts";
  /** Counter, tag {@code result}: {@code janua_auth_refresh_attempts_total}. */
  public static final String REFRESH_ATTEMPTS = "janua.auth.refresh.attempts";
  /** Counter, tags {@code result, reason, cached}: {@code janua_auth_token_validations_total}. */
  public static final String TOKEN_VALIDATIONS = "janua.auth.token.validations";
  /** Counter: {@code janua_auth_refresh_rotations_total}. */
  public static final String REFRESH_ROTATIONS = "janua.auth.refresh.rotations";
  /** Counter: {@code janua_auth_refresh_reuse_detections_total}. */
  public static final String REFRESH_REUSE_DETECTIONS = "janua.auth.refresh.reuse.detections";
  /** Counter, tags {@code category, result} ({@code allowed}, {@code denied}): {@code janua_rate_limit_decisions_total}. */
  public static final String RATE_LIMIT_DECISIONS = "janua.rate.limit.decisions";
  /** Gauge, tags {@code category, window} ({@code minute}, {@code hour}): {@code janua_rate_limit_limit}. */
  public static final String RATE_LIMIT_LIMIT = "janua.rate.limit.limit";
  /** Timer: {@code janua_password_hash_queue_wait_seconds}. */
  public static final String PASSWORD_HASH_QUEUE_WAIT = "janua.password.hash.queue.wait";
  /** Timer: {@code janua_password_hash_duration_seconds}. */
  public static final String PASSWORD_HASH_DURATION = "janua.password.hash.duration";
}
