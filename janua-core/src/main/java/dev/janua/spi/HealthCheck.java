package dev.janua.spi;

/**
 * A readiness check of one dependency (database, redis). The engine runs every registered check in
 * parallel under a timeout for {@code ready()}; a check that throws or overruns counts as down.
 */
public interface HealthCheck {

  /** The name in the readiness report, e.g. {@code "database"}. */
  String name();

  /** Checks the dependency; should answer quickly and may block. */
  HealthStatus check();
}
