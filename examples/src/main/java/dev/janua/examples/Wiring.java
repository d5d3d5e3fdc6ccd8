package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.JanuaConfig;
import dev.janua.metrics.MicrometerMetrics;
import dev.janua.spi.HealthCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine and its plug-ins from environment variables, and closes them in reverse order.
 * This is the part of the example a host copies to choose its store, cache and limiter.
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  final ExampleSettings settings;
  final JanuaConfig config;
  final PrometheusMeterRegistry registry;
  final MicrometerMetrics metrics;
  final AuthEngine engine;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  private Wiring(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock) {
    this.settings = ExampleSettings.fromMap(env);
    this.config = JanuaConfig.fromMap(env);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    closeables.push(registry::close);
    MicrometerMetrics.Builder metricsBuilder = MicrometerMetrics.builder()
        .registry(registry)
        .rateLimitRules(config::rateLimitRule)
        .environment(env);
    AuthEngineBuilder builder = AuthEngine.builder().config(config).clock(clock);
    extraChecks.forEach(builder::healthCheck);
    try {
      this.metrics = metricsBuilder.build();
      this.engine = builder.metrics(metrics).build();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Janua example wired: {}", settings);
  }

  static Wiring fromEnv(Map<String, String> env, List<HealthCheck> extraChecks, Clock clock) {
    return new Wiring(env, extraChecks, clock);
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", c, e.toString());
      }
    }
  }
}
