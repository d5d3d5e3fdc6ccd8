package dev.janua.metrics;

import dev.janua.RateLimitCategory;
import dev.janua.RateLimitRule;
import dev.janua.metrics.internal.Guard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Publishes the rate limiter: the configured limits as gauges {@code
 * janua_rate_limit_limit{category, window}} ({@code window} is {@code minute} or {@code hour}),
 * and registers every {@code janua_rate_limit_decisions_total{category, result}} series at zero
 * ({@code result} is {@code allowed} or {@code denied}) so dashboards see them before the first
 * decision. The decisions themselves are counted by {@link MicrometerMetrics#rateLimitDecision}.
 * Depends only on core types, so janua-redis is never pulled in.
 */
public final class RateLimitMeterBinder implements MeterBinder {
  private final Function<RateLimitCategory, RateLimitRule> rules;

  /**
   * Binds the limits {@code rules} answers per category, e.g. {@code config::rateLimitRule} of a
   * {@code JanuaConfig}.
   *
   * @throws NullPointerException if {@code rules} is null
   */
  public RateLimitMeterBinder(Function<RateLimitCategory, RateLimitRule> rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** Binds the guide's default limits ({@link RateLimitCategory#defaultRule()}). */
  public static RateLimitMeterBinder withDefaultRules() {
    return new RateLimitMeterBinder(RateLimitCategory::defaultRule);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    register(registry);
  }

  /**
   * Registers the meters and answers the limit gauges, which read the rules (the decision counters
   * are counts and stay with the registry).
   */
  List<Meter> register(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Meter> gauges = new ArrayList<>();
    for (RateLimitCategory category : RateLimitCategory.values()) {
      RateLimitRule rule =
          Guard.get("rate-limit rule of " + category.code(), () -> rules.apply(category), null);
      if (rule != null) {
        gauges.add(Gauge.builder(MeterNames.RATE_LIMIT_LIMIT, rule, r -> r.perMinute())
            .tags("category", category.code(), "window", "minute")
            .description("Requests admitted per client IP and window")
            .strongReference(true)
            .register(registry));
        gauges.add(Gauge.builder(MeterNames.RATE_LIMIT_LIMIT, rule, r -> r.perHour())
            .tags("category", category.code(), "window", "hour")
            .description("Requests admitted per client IP and window")
            .strongReference(true)
            .register(registry));
      }
      for (String result : new String[] {"allowed", "denied"}) {
        decisionCounter(registry, category, result);
      }
    }
    return gauges;
  }

  static Counter decisionCounter(MeterRegistry registry, RateLimitCategory category, String result) {
    return Counter.builder(MeterNames.RATE_LIMIT_DECISIONS)
        .tags("category", category.code(), "result", result)
        .description("Rate-limit decisions by category and result")
        .register(registry);
  }
}
