package dev.janua.redis;

import dev.janua.internal.EnvReader;
import dev.janua.JanuaConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How janua-redis connects: the endpoint ({@code REDIS_URL}), how many multiplexed connections to
 * use ({@code REDIS_POOL_SIZE}), timeouts, and the key namespace ({@code REDIS_KEY_PREFIX}).
 * Immutable; build it with {@link #builder()} or read it with {@link #fromEnv(Map)}.
 *
 * <p>Lettuce multiplexes every command of every thread over one TCP connection, so there is no
 * pool to borrow from. {@code REDIS_POOL_SIZE} is the number of such connections opened at start
 * and used round-robin (each bound to its own Netty I/O thread, the I/O pool being sized to match):
 * more than one spreads encoding/decoding over several threads and keeps one large reply from
 * delaying the small ones queued behind it. The pub/sub invalidation bus uses one more connection.
 */
public final class RedisConnectionConfig {
  /** {@code REDIS_URL} default: a local server, database 0. */
  public static final String DEFAULT_URL = "redis://localhost:6379/0";
  /** {@code REDIS_POOL_SIZE} default, the guide's value. */
  public static final int DEFAULT_POOL_SIZE = 10;
  /** Upper bound of {@code REDIS_POOL_SIZE}. */
  public static final int MAX_POOL_SIZE = 64;
  /** {@code REDIS_KEY_PREFIX} default. */
  public static final String DEFAULT_KEY_PREFIX = "janua:";
  /** {@code REDIS_CLIENT_NAME} default. */
  public static final String DEFAULT_CLIENT_NAME = "janua";
  /** {@code REDIS_COMMAND_TIMEOUT_MS} default. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  /** {@code REDIS_CONNECT_TIMEOUT_MS} default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** {@code REDIS_HEALTH_TIMEOUT_MS} default. */
  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMillis(500);
  /** {@code REDIS_RECONNECT_MAX_DELAY_MS} default. */
  public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(30);

  private static final String SENTINEL_NOT_CLUSTER =
      "REDIS_CLUSTER (cluster) cannot be true for a Sentinel endpoint (redis+sentinel://)";

  private final RedisEndpoint endpoint;
  private final int poolSize;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Duration healthTimeout;
  private final Duration reconnectMaxDelay;
  private final String keyPrefix;
  private final String clientName;
  private final boolean decodeResponses;

  private RedisConnectionConfig(Builder b) {
    this.endpoint = b.cluster ? b.endpoint.asCluster() : b.endpoint;
    this.poolSize = b.poolSize;
    this.commandTimeout = b.commandTimeout;
    this.connectTimeout = b.connectTimeout;
    this.healthTimeout = b.healthTimeout;
    this.reconnectMaxDelay = b.reconnectMaxDelay;
    this.keyPrefix = b.keyPrefix;
    this.clientName = b.clientName;
    this.decodeResponses = b.decodeResponses;
  }

  /** A builder starting from the defaults ({@link #DEFAULT_URL}, pool 10, prefix {@code janua:}). */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads the process environment; see {@link #fromEnv(Map)}. */
  public static RedisConnectionConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Reads environment-style variables; unset ones keep their defaults.
   *
   * <ul>
   *   <li>{@code REDIS_URL} - see {@link RedisUrls}
   *   <li>{@code REDIS_CLUSTER} - {@code true} to treat a single-host URL as a Cluster seed
   *   <li>{@code REDIS_POOL_SIZE} - multiplexed connections, 1 to 64 (10)
   *   <li>{@code REDIS_COMMAND_TIMEOUT_MS} - per command (1000)
   *   <li>{@code REDIS_CONNECT_TIMEOUT_MS} - per connection attempt (2000)
   *   <li>{@code REDIS_HEALTH_TIMEOUT_MS} - the health check's PING (500)
   *   <li>{@code REDIS_RECONNECT_MAX_DELAY_MS} - upper bound of the reconnect back-off (30000)
   *   <li>{@code REDIS_KEY_PREFIX} - namespace of every key and channel ({@code janua:})
   *   <li>{@code REDIS_CLIENT_NAME} - the connections' name in {@code CLIENT LIST} ({@code janua})
   *   <li>{@code REDIS_DECODE_RESPONSES} - accepted for compatibility with the Python service and
   *       ignored: values are bytes and the cache owns their encoding
   * </ul>
   *
   * @throws JanuaConfigException naming the variable that is malformed
   */
  public static RedisConnectionConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    EnvReader r = EnvReader.of(env);
    Builder b = builder();
    // Secret (may carry a password): read with text only; RedisUrls redacts its own messages.
    String url = r.text("REDIS_URL", null);
    if (url != null) {
      b.url(url);
    }
    boolean cluster = r.bool("REDIS_CLUSTER", false);
    set("REDIS_CLUSTER", () -> b.cluster(cluster));
    b.poolSize(r.integer("REDIS_POOL_SIZE", DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE));
    b.commandTimeout(Duration.ofMillis(r.integer("REDIS_COMMAND_TIMEOUT_MS",
        (int) DEFAULT_COMMAND_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE)));
    b.connectTimeout(Duration.ofMillis(r.integer("REDIS_CONNECT_TIMEOUT_MS",
        (int) DEFAULT_CONNECT_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE)));
    b.healthTimeout(Duration.ofMillis(r.integer("REDIS_HEALTH_TIMEOUT_MS",
        (int) DEFAULT_HEALTH_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE)));
    b.reconnectMaxDelay(Duration.ofMillis(r.integer("REDIS_RECONNECT_MAX_DELAY_MS",
        (int) DEFAULT_RECONNECT_MAX_DELAY.toMillis(), 1, Integer.MAX_VALUE)));
    String prefix = r.text("REDIS_KEY_PREFIX", null);
    if (prefix != null) {
      set("REDIS_KEY_PREFIX", () -> b.keyPrefix(prefix));
    }
    String clientName = r.text("REDIS_CLIENT_NAME", null);
    if (clientName != null) {
      set("REDIS_CLIENT_NAME", () -> b.clientName(clientName));
    }
    b.decodeResponses(r.bool("REDIS_DECODE_RESPONSES", true));
    return b.build();
  }

  /** Applies a setter, reporting its complaint as a configuration error naming the variable. */
  private static void set(String variable, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new JanuaConfigException(variable, e.getMessage());
    }
  }

  /** Where Redis is. */
  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** Multiplexed connections used round-robin (and the Netty I/O threads). */
  public int poolSize() {
    return poolSize;
  }

  /** How long one command may take before it fails with a timeout. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** How long one connection attempt may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The health check's PING timeout. */
  public Duration healthTimeout() {
    return healthTimeout;
  }

  /** The longest wait between two reconnect attempts. */
  public Duration reconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  /** The namespace put before every key and channel, e.g. {@code janua:}. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The name each connection gives itself ({@code CLIENT SETNAME}), e.g. {@code janua}. */
  public String clientName() {
    return clientName;
  }

  /** {@code REDIS_DECODE_RESPONSES} as given; it changes nothing (values are bytes). */
  public boolean decodeResponses() {
    return decodeResponses;
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.poolSize = poolSize;
    b.commandTimeout = commandTimeout;
    b.connectTimeout = connectTimeout;
    b.healthTimeout = healthTimeout;
    b.reconnectMaxDelay = reconnectMaxDelay;
    b.keyPrefix = keyPrefix;
    b.clientName = clientName;
    b.decodeResponses = decodeResponses;
    return b;
  }

  @Override
  public String toString() {
    return "RedisConnectionConfig[endpoint=" + endpoint.redacted() + ", poolSize=" + poolSize
        + ", commandTimeout=" + commandTimeout + ", keyPrefix=" + keyPrefix + ", clientName=" + clientName + "]";
  }

  /**
   * Builds a {@link RedisConnectionConfig}. Each setter checks its argument at once and names the
   * environment variable it stands for in the error; {@link #build()} copies, so a builder can be
   * reused.
   */
  public static final class Builder {
    private RedisEndpoint endpoint = RedisUrls.parse(DEFAULT_URL);
    private boolean cluster;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;
    private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private String clientName = DEFAULT_CLIENT_NAME;
    private boolean decodeResponses = true;

    private Builder() {}

    /**
     * Sets the endpoint from a URL ({@code REDIS_URL}; see {@link RedisUrls}).
     *
     * @throws dev.janua.JanuaConfigException naming {@code REDIS_URL} when it is malformed
     * @throws IllegalArgumentException when it is a Sentinel URL and {@link #cluster(boolean)} is on
     */
    public Builder url(String url) {
      return endpoint(RedisUrls.parse(Objects.requireNonNull(url, "url")));
    }

    /**
     * Sets the endpoint.
     *
     * @throws IllegalArgumentException when it is a Sentinel endpoint and {@link #cluster(boolean)}
     *     is on
     */
    public Builder endpoint(RedisEndpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (cluster && endpoint.kind() == RedisEndpoint.Kind.SENTINEL) {
        throw new IllegalArgumentException(SENTINEL_NOT_CLUSTER);
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Treats a single-host URL as a Cluster seed node ({@code REDIS_CLUSTER}).
     *
     * @throws IllegalArgumentException when {@code true} and the endpoint is a Sentinel group
     */
    public Builder cluster(boolean cluster) {
      if (cluster && endpoint.kind() == RedisEndpoint.Kind.SENTINEL) {
        throw new IllegalArgumentException(SENTINEL_NOT_CLUSTER);
      }
      this.cluster = cluster;
      return this;
    }

    /**
     * Sets the number of multiplexed connections ({@code REDIS_POOL_SIZE}).
     *
     * @throws IllegalArgumentException unless from 1 to {@value RedisConnectionConfig#MAX_POOL_SIZE}
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
        throw new IllegalArgumentException("REDIS_POOL_SIZE (poolSize) must be from 1 to "
            + MAX_POOL_SIZE + ", got " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * Sets the command timeout ({@code REDIS_COMMAND_TIMEOUT_MS}).
     *
     * @throws IllegalArgumentException unless from 1 ms to {@link Integer#MAX_VALUE} ms
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = millis(commandTimeout, "REDIS_COMMAND_TIMEOUT_MS", "commandTimeout");
      return this;
    }

    /**
     * Sets the connect timeout ({@code REDIS_CONNECT_TIMEOUT_MS}).
     *
     * @throws IllegalArgumentException unless from 1 ms to {@link Integer#MAX_VALUE} ms
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = millis(connectTimeout, "REDIS_CONNECT_TIMEOUT_MS", "connectTimeout");
      return this;
    }

    /**
     * Sets the health check's PING timeout ({@code REDIS_HEALTH_TIMEOUT_MS}).
     *
     * @throws IllegalArgumentException unless from 1 ms to {@link Integer#MAX_VALUE} ms
     */
    public Builder healthTimeout(Duration healthTimeout) {
      this.healthTimeout = millis(healthTimeout, "REDIS_HEALTH_TIMEOUT_MS", "healthTimeout");
      return this;
    }

    /**
     * Sets the longest wait between reconnect attempts ({@code REDIS_RECONNECT_MAX_DELAY_MS}).
     *
     * @throws IllegalArgumentException unless from 1 ms to {@link Integer#MAX_VALUE} ms
     */
    public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
      this.reconnectMaxDelay = millis(reconnectMaxDelay, "REDIS_RECONNECT_MAX_DELAY_MS",
          "reconnectMaxDelay");
      return this;
    }

    /**
     * Sets the namespace of every key and channel ({@code REDIS_KEY_PREFIX}).
     *
     * @throws IllegalArgumentException unless 1 to 100 printable ASCII characters without spaces
     *     or the hash-tag braces <code>{ }</code>
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (keyPrefix.isEmpty() || keyPrefix.length() > 100) {
        throw new IllegalArgumentException("REDIS_KEY_PREFIX (keyPrefix) must have 1 to 100 "
            + "characters, got " + keyPrefix.length());
      }
      if (!keyPrefix.matches("[\\x21-\\x7a\\x7c\\x7e]+")) {
        throw new IllegalArgumentException("REDIS_KEY_PREFIX (keyPrefix) must be printable ASCII "
            + "without spaces or braces, got '" + keyPrefix.replaceAll("[^\\x21-\\x7e]", "?")
            + "'");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * Sets the name every connection gives itself, as {@code CLIENT LIST} shows it
     * ({@code REDIS_CLIENT_NAME}); for example one name per service.
     *
     * @throws IllegalArgumentException unless 1 to 100 printable ASCII characters without spaces
     */
    public Builder clientName(String clientName) {
      Objects.requireNonNull(clientName, "clientName");
      if (!clientName.matches("[\\x21-\\x7e]{1,100}")) {
        throw new IllegalArgumentException("REDIS_CLIENT_NAME (clientName) must be 1 to 100 "
            + "printable ASCII characters without spaces");
      }
      this.clientName = clientName;
      return this;
    }

    /** Records {@code REDIS_DECODE_RESPONSES}; it has no effect. */
    public Builder decodeResponses(boolean decodeResponses) {
      this.decodeResponses = decodeResponses;
      return this;
    }

    /** The immutable configuration. */
    public RedisConnectionConfig build() {
      return new RedisConnectionConfig(this);
    }

    private static Duration millis(Duration d, String variable, String name) {
      Objects.requireNonNull(d, name);
      if (d.compareTo(Duration.ofMillis(1)) < 0
          || d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException(variable + " (" + name + ") must be from 1 ms to "
            + Integer.MAX_VALUE + " ms, got " + d);
      }
      return d;
    }
  }
}
