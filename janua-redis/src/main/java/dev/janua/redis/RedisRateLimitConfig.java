package dev.janua.redis;

import dev.janua.internal.EnvReader;
import dev.janua.JanuaConfigException;
import dev.janua.RateLimitCategory;
import dev.janua.memory.InMemoryRateLimitStore;
import dev.janua.spi.RateLimitStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How {@link RedisRateLimitStore} behaves when Redis fails: the fallback per category, and the
 * circuit breaker (the guide's defaults: open after 5 consecutive failures, try again after 30 s).
 * Immutable; build with {@link #builder()} or read with {@link #fromEnv(Map)}.
 */
public final class RedisRateLimitConfig {
  /** {@code CIRCUIT_BREAKER_FAILURE_THRESHOLD} default, the guide's value. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  /** {@code CIRCUIT_BREAKER_RECOVERY_TIMEOUT} default, the guide's value. */
  public static final Duration DEFAULT_RECOVERY_DELAY = Duration.ofSeconds(30);
  /** Upper bound of {@code CIRCUIT_BREAKER_RECOVERY_TIMEOUT}: one day. */
  public static final Duration MAX_RECOVERY_DELAY = Duration.ofDays(1);

  private final RateLimitFallback defaultFallback;
  private final Map<RateLimitCategory, RateLimitFallback> fallbacks;
  private final int failureThreshold;
  private final Duration recoveryDelay;
  private final Supplier<RateLimitStore> localStore;

  private RedisRateLimitConfig(Builder b) {
    this.defaultFallback = b.defaultFallback;
    this.fallbacks = Map.copyOf(b.fallbacks);
    this.failureThreshold = b.failureThreshold;
    this.recoveryDelay = b.recoveryDelay;
    this.localStore = b.localStore;
  }

  /** Defaults: every category falls back OPEN, breaker 5 failures / 30 s (the guide's). */
  public static RedisRateLimitConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads the process environment; see {@link #fromEnv(Map)}. */
  public static RedisRateLimitConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Reads environment-style variables; unset ones keep their defaults.
   *
   * <ul>
   *   <li>{@code REDIS_RATE_LIMIT_FALLBACK} - {@code open} or {@code closed} for every category
   *       ({@code open})
   *   <li>{@code REDIS_RATE_LIMIT_FALLBACK_<CATEGORY>} - per category, e.g.
   *       {@code REDIS_RATE_LIMIT_FALLBACK_AUTHENTICATION=closed}
   *   <li>{@code CIRCUIT_BREAKER_FAILURE_THRESHOLD} - consecutive failures that open the breaker (5)
   *   <li>{@code CIRCUIT_BREAKER_RECOVERY_TIMEOUT} - seconds before a trial request (30)
   * </ul>
   *
   * @throws JanuaConfigException naming the malformed variable
   */
  public static RedisRateLimitConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    EnvReader r = EnvReader.of(env);
    Builder b = builder();
    b.fallback(r.choice("REDIS_RATE_LIMIT_FALLBACK", RateLimitFallback.OPEN,
        RateLimitFallback.class));
    for (RateLimitCategory c : RateLimitCategory.values()) {
      RateLimitFallback f = r.choice("REDIS_RATE_LIMIT_FALLBACK_" + c.name(), null,
          RateLimitFallback.class);
      if (f != null) {
        b.fallback(c, f);
      }
    }
    b.failureThreshold(r.integer("CIRCUIT_BREAKER_FAILURE_THRESHOLD", DEFAULT_FAILURE_THRESHOLD,
        1, Integer.MAX_VALUE));
    // same range as janua-cache, which reads the same variable
    b.recoveryDelay(Duration.ofSeconds(r.integer("CIRCUIT_BREAKER_RECOVERY_TIMEOUT",
        (int) DEFAULT_RECOVERY_DELAY.toSeconds(), 1, (int) MAX_RECOVERY_DELAY.toSeconds())));
    return b.build();
  }

  /** The fallback of a category. */
  public RateLimitFallback fallback(RateLimitCategory category) {
    return fallbacks.getOrDefault(Objects.requireNonNull(category, "category"), defaultFallback);
  }

  /** Consecutive failures that open the circuit breaker. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** How long the breaker stays open before one trial request. */
  public Duration recoveryDelay() {
    return recoveryDelay;
  }

  /** Makes the local limiter used by {@link RateLimitFallback#OPEN}. */
  Supplier<RateLimitStore> localStore() {
    return localStore;
  }

  @Override
  public String toString() {
    return "RedisRateLimitConfig[default=" + defaultFallback + ", perCategory=" + fallbacks
        + ", failureThreshold=" + failureThreshold + ", recoveryDelay=" + recoveryDelay + "]";
  }

  /**
   * Builds a {@link RedisRateLimitConfig}. Each setter checks its argument at once and names the
   * environment variable it stands for in the error; {@link #build()} copies, so a builder can be
   * reused.
   */
  public static final class Builder {
    private RateLimitFallback defaultFallback = RateLimitFallback.OPEN;
    private final Map<RateLimitCategory, RateLimitFallback> fallbacks =
        new EnumMap<>(RateLimitCategory.class);
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration recoveryDelay = DEFAULT_RECOVERY_DELAY;
    private Supplier<RateLimitStore> localStore = InMemoryRateLimitStore::new;

    private Builder() {}

    /** Sets the fallback of every category without its own ({@code REDIS_RATE_LIMIT_FALLBACK}). */
    public Builder fallback(RateLimitFallback fallback) {
      this.defaultFallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Sets the fallback of one category ({@code REDIS_RATE_LIMIT_FALLBACK_<CATEGORY>}). */
    public Builder fallback(RateLimitCategory category, RateLimitFallback fallback) {
      fallbacks.put(Objects.requireNonNull(category, "category"),
          Objects.requireNonNull(fallback, "fallback"));
      return this;
    }

    /**
     * Sets the consecutive failures that open the breaker
     * ({@code CIRCUIT_BREAKER_FAILURE_THRESHOLD}).
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder failureThreshold(int failureThreshold) {
      if (failureThreshold < 1) {
        throw new IllegalArgumentException("CIRCUIT_BREAKER_FAILURE_THRESHOLD (failureThreshold) "
            + "must be at least 1, got " + failureThreshold);
      }
      this.failureThreshold = failureThreshold;
      return this;
    }

    /**
     * Sets how long the breaker stays open before a trial request
     * ({@code CIRCUIT_BREAKER_RECOVERY_TIMEOUT}, which gives it in seconds; here any positive
     * duration up to one day).
     *
     * @throws IllegalArgumentException unless positive and at most one day
     */
    public Builder recoveryDelay(Duration recoveryDelay) {
      Objects.requireNonNull(recoveryDelay, "recoveryDelay");
      if (recoveryDelay.isNegative() || recoveryDelay.isZero()
          || recoveryDelay.compareTo(MAX_RECOVERY_DELAY) > 0) {
        throw new IllegalArgumentException("CIRCUIT_BREAKER_RECOVERY_TIMEOUT (recoveryDelay) must "
            + "be positive and at most one day, got " + recoveryDelay);
      }
      this.recoveryDelay = recoveryDelay;
      return this;
    }

    /**
     * Sets the local limiter used while Redis is down ({@link RateLimitFallback#OPEN}); by default
     * a new {@link InMemoryRateLimitStore} per {@link RedisRateLimitStore}.
     */
    public Builder localStore(RateLimitStore localStore) {
      Objects.requireNonNull(localStore, "localStore");
      this.localStore = () -> localStore;
      return this;
    }

    /** The immutable configuration. */
    public RedisRateLimitConfig build() {
      return new RedisRateLimitConfig(this);
    }
  }
}
