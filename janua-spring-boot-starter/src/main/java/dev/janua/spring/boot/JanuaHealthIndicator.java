package dev.janua.spring.boot;

import dev.janua.AuthEngine;
import dev.janua.Readiness;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The actuator health contributor {@code janua}: {@code engine.ready()}, UP when every readiness
 * check (the engine's own, {@code database} with janua-jdbc, {@code redis} with janua-redis) is
 * up, DOWN otherwise, with each check's status as a detail.
 */
public final class JanuaHealthIndicator implements HealthIndicator {
  private final AuthEngine engine;

  /** The indicator of {@code engine}. */
  public JanuaHealthIndicator(AuthEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public Health health() {
    Readiness r = engine.ready();
    Health.Builder b = r.ready() ? Health.up() : Health.down();
    r.checks().forEach(b::withDetail);
    return b.build();
  }
}
