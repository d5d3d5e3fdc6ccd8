package dev.janua.cache;

import dev.janua.JanuaConfigException;
import dev.janua.internal.EnvReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The immutable settings of a {@link TieredCache}: a time to live per {@link CacheDataType} (the
 * guide's table by default), the size bound of the in-process tier, and the circuit breaker around
 * the shared tier (open after 5 consecutive failures, half-open after 30 seconds by default).
 *
 * <p>Environment variables, read by {@link #fromEnv()}: each {@link CacheDataType#variable()}
 * (seconds), {@code JWKS_CACHE_TTL} (seconds, the guide's name, used when
 * {@code CACHE_TTL_JWKS_SECONDS} is not set), {@code CACHE_L1_MAX_SIZE} (entries),
 * {@code CIRCUIT_BREAKER_FAILURE_THRESHOLD} (consecutive failures) and
 * {@code CIRCUIT_BREAKER_RECOVERY_TIMEOUT} (seconds), {@code CACHE_SHARED_ONLY} (data types),
 * {@code CACHE_L2_SENSITIVE} ({@code true} or {@code false}).
 *
 * <p>Made by {@link #builder()} (or {@link #toBuilder()}), whose setters check their argument at
 * once and name the setting and its variable; {@link Builder#build()} copies, so a builder may be
 * reused.
 */
public final class CachePolicy {
  /** Default bound of the in-process tier, in entries. */
  public static final long DEFAULT_L1_MAXIMUM_SIZE = 50_000;
  /** Default number of consecutive shared-tier failures that open the circuit. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  /** Default time the circuit stays open before a trial call. */
  public static final Duration DEFAULT_BREAKER_DELAY = Duration.ofSeconds(30);
  /** Longest time the circuit may stay open: one day (the range janua-redis accepts too). */
  public static final Duration MAX_BREAKER_DELAY = Duration.ofDays(1);
  /** Longest time to live of any data type (the most whole seconds a variable can say). */
  public static final Duration MAX_TTL = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

  /** Variable of the in-process tier's bound. */
  public static final String L1_MAX_SIZE_VARIABLE = "CACHE_L1_MAX_SIZE";
  /** Variable of the breaker's failure threshold. */
  public static final String FAILURE_THRESHOLD_VARIABLE = "CIRCUIT_BREAKER_FAILURE_THRESHOLD";
  /** Variable of the breaker's open time, in seconds. */
  public static final String RECOVERY_TIMEOUT_VARIABLE = "CIRCUIT_BREAKER_RECOVERY_TIMEOUT";
  /** The guide's name for the JWKS time to live, in seconds. */
  public static final String JWKS_CACHE_TTL_VARIABLE = "JWKS_CACHE_TTL";
  /** Comma list of data types kept only in the shared tier, e.g. {@code session}. */
  public static final String SHARED_ONLY_VARIABLE = "CACHE_SHARED_ONLY";
  /** Whether sensitive data types go to the shared tier too ({@code false} by default). */
  public static final String SENSITIVE_IN_SHARED_VARIABLE = "CACHE_L2_SENSITIVE";

  private static final CachePolicy DEFAULTS = builder().build();

  private final Map<CacheDataType, Duration> ttls;
  private final long l1MaximumSize;
  private final int failureThreshold;
  private final Duration breakerDelay;
  private final Set<CacheDataType> sharedOnly;
  private final boolean sensitiveInShared;

  private CachePolicy(Builder b) {
    this.sensitiveInShared = b.sensitiveInShared;
    this.ttls = Collections.unmodifiableMap(new EnumMap<>(b.ttls));
    this.l1MaximumSize = b.l1MaximumSize;
    this.failureThreshold = b.failureThreshold;
    this.breakerDelay = b.breakerDelay;
    this.sharedOnly = b.sharedOnly.isEmpty() ? Set.of() : Set.copyOf(b.sharedOnly);
  }

  /** The guide's defaults. */
  public static CachePolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults overridden by the process environment.
   *
   * @throws JanuaConfigException naming the variable when a value is malformed or out of range
   */
  public static CachePolicy fromEnv() {
    return fromMap(System.getenv());
  }

  /**
   * The defaults overridden by these variables (see the class comment for their names).
   *
   * @throws JanuaConfigException naming the variable when a value is malformed or out of range
   */
  public static CachePolicy fromMap(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    EnvReader r = EnvReader.of(env);
    Builder b = builder();
    for (CacheDataType type : CacheDataType.values()) {
      String variable = type.variable();
      if (!r.isSet(variable) && type == CacheDataType.JWKS) {
        variable = JWKS_CACHE_TTL_VARIABLE;
      }
      if (r.isSet(variable)) {
        b.ttl(type, Duration.ofSeconds(r.longValue(variable, 0, 0, MAX_TTL.toSeconds())));
      }
    }
    b.l1MaximumSize(r.longValue(L1_MAX_SIZE_VARIABLE, DEFAULT_L1_MAXIMUM_SIZE, 0, Long.MAX_VALUE));
    b.failureThreshold(r.integer(FAILURE_THRESHOLD_VARIABLE, DEFAULT_FAILURE_THRESHOLD, 1,
        Integer.MAX_VALUE));
    String shared = r.text(SHARED_ONLY_VARIABLE, null);
    if (shared != null) {
      for (String name : shared.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        try {
          b.sharedOnly(CacheDataType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new JanuaConfigException(SHARED_ONLY_VARIABLE, SHARED_ONLY_VARIABLE
              + " must be a comma list of " + Arrays.toString(CacheDataType.values())
              + " (any case), was '" + name.trim() + "'");
        }
      }
    }
    b.sensitiveInShared(r.bool(SENSITIVE_IN_SHARED_VARIABLE, false));
    // from 1 second in the environment (a zero delay is for tests, in code)
    b.breakerDelay(Duration.ofSeconds(r.longValue(RECOVERY_TIMEOUT_VARIABLE,
        DEFAULT_BREAKER_DELAY.toSeconds(), 1, MAX_BREAKER_DELAY.toSeconds())));
    return b.build();
  }

  /** The time to live of this kind of data in both tiers; zero means not cached. */
  public Duration ttl(CacheDataType type) {
    return ttls.get(Objects.requireNonNull(type, "type"));
  }

  /**
   * Whether this type skips the in-process tier when a shared tier is configured: every read then
   * asks the shared tier, so a write on any instance is seen by every other at once, without
   * waiting for the invalidation bus. Costs one round trip per read.
   */
  public boolean sharedOnly(CacheDataType type) {
    return sharedOnly.contains(type);
  }

  /**
   * Whether the {@linkplain CacheDataType#sensitive() sensitive} data types (sessions, users,
   * permissions) are kept in the shared tier too. {@code false} by default: an instance that could
   * not delete a shared entry during a Redis outage or partition would otherwise leave it stale for
   * every instance once Redis answers again; sensitive reads then go from the in-process tier to
   * the store. With {@code true} (variable {@value #SENSITIVE_IN_SHARED_VARIABLE}) such an entry
   * may be served until its time to live ends.
   */
  public boolean sensitiveInShared() {
    return sensitiveInShared;
  }

  /**
   * The most entries the in-process tier holds before it evicts (zero: it holds none). Evictions
   * run off the reading thread, so the tier may exceed the bound briefly.
   */
  public long l1MaximumSize() {
    return l1MaximumSize;
  }

  /** Consecutive shared-tier failures that open the circuit. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** How long the circuit stays open before it lets a trial call through (half-open). */
  public Duration breakerDelay() {
    return breakerDelay;
  }

  /** A builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ttls.putAll(ttls);
    b.l1MaximumSize = l1MaximumSize;
    b.failureThreshold = failureThreshold;
    b.breakerDelay = breakerDelay;
    b.sharedOnly.addAll(sharedOnly);
    b.sensitiveInShared = sensitiveInShared;
    return b;
  }

  /** Policies with the same settings are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CachePolicy p && ttls.equals(p.ttls) && l1MaximumSize == p.l1MaximumSize
        && failureThreshold == p.failureThreshold && breakerDelay.equals(p.breakerDelay)
        && sharedOnly.equals(p.sharedOnly) && sensitiveInShared == p.sensitiveInShared;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttls, l1MaximumSize, failureThreshold, breakerDelay, sharedOnly,
        sensitiveInShared);
  }

  @Override
  public String toString() {
    return "CachePolicy[ttls=" + ttls + ", l1MaximumSize=" + l1MaximumSize
        + ", failureThreshold=" + failureThreshold + ", breakerDelay=" + breakerDelay
        + ", sharedOnly=" + sharedOnly + ", sensitiveInShared=" + sensitiveInShared + "]";
  }

  /** Builds a {@link CachePolicy}; {@link #build()} copies, so a builder may be reused. */
  public static final class Builder {
    private final Map<CacheDataType, Duration> ttls = new EnumMap<>(CacheDataType.class);
    private long l1MaximumSize = DEFAULT_L1_MAXIMUM_SIZE;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration breakerDelay = DEFAULT_BREAKER_DELAY;
    private final Set<CacheDataType> sharedOnly = EnumSet.noneOf(CacheDataType.class);
    private boolean sensitiveInShared;

    private Builder() {
      for (CacheDataType type : CacheDataType.values()) {
        ttls.put(type, type.defaultTtl());
      }
    }

    /**
     * Sets the time to live of one kind of data ({@link CacheDataType#variable()} in the
     * environment); zero turns caching of that kind off.
     *
     * @throws IllegalArgumentException naming the setting and its variable when {@code ttl} is
     *     negative or longer than {@link #MAX_TTL}
     */
    public Builder ttl(CacheDataType type, Duration ttl) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException("ttl of " + type + " (" + type.variable()
            + ") must be from 0 to " + MAX_TTL.toSeconds() + " seconds, was " + ttl);
      }
      ttls.put(type, ttl);
      return this;
    }

    /**
     * Sets the bound of the in-process tier, in entries ({@value #L1_MAX_SIZE_VARIABLE}); zero
     * keeps it empty.
     *
     * @throws IllegalArgumentException naming the setting and its variable when negative
     */
    public Builder l1MaximumSize(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("l1MaximumSize (" + L1_MAX_SIZE_VARIABLE
            + ") must not be negative, was " + entries);
      }
      this.l1MaximumSize = entries;
      return this;
    }

    /**
     * Sets how many consecutive shared-tier failures open the circuit
     * ({@value #FAILURE_THRESHOLD_VARIABLE}).
     *
     * @throws IllegalArgumentException naming the setting and its variable when less than 1
     */
    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failureThreshold (" + FAILURE_THRESHOLD_VARIABLE
            + ") must be at least 1, was " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    /**
     * Sets how long the circuit stays open before a trial call
     * ({@value #RECOVERY_TIMEOUT_VARIABLE}, in seconds). Zero (in code only) makes the next call
     * after opening the trial.
     *
     * @throws IllegalArgumentException naming the setting and its variable when negative or longer
     *     than {@link #MAX_BREAKER_DELAY}
     */
    public Builder breakerDelay(Duration delay) {
      Objects.requireNonNull(delay, "breakerDelay");
      if (delay.isNegative() || delay.compareTo(MAX_BREAKER_DELAY) > 0) {
        throw new IllegalArgumentException("breakerDelay (" + RECOVERY_TIMEOUT_VARIABLE
            + ") must be from 0 to " + MAX_BREAKER_DELAY.toSeconds() + " seconds, was " + delay);
      }
      this.breakerDelay = delay;
      return this;
    }

    /**
     * Keeps these types only in the shared tier ({@value #SHARED_ONLY_VARIABLE}; see {@link
     * CachePolicy#sharedOnly}); ignored when no shared tier is configured.
     *
     * @throws NullPointerException when a type is null
     */
    public Builder sharedOnly(CacheDataType... types) {
      Objects.requireNonNull(types, "types");
      for (CacheDataType t : types) {
        sharedOnly.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /**
     * Keeps the sensitive data types in the shared tier too ({@value
     * #SENSITIVE_IN_SHARED_VARIABLE}; see {@link CachePolicy#sensitiveInShared()}); default {@code
     * false}.
     */
    public Builder sensitiveInShared(boolean inShared) {
      this.sensitiveInShared = inShared;
      return this;
    }

    /** The policy. */
    public CachePolicy build() {
      return new CachePolicy(this);
    }
  }
}
