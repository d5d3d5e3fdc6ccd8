package dev.janua;

import java.util.Map;

/**
 * Readiness: every registered dependency check, each {@code "ok"} or a short reason.
 *
 * @param ready  whether every check answered ok in time
 * @param checks check name to {@code "ok"} or the reason it is down
 */
public record Readiness(boolean ready, Map<String, String> checks) {
  public Readiness {
    checks = Map.copyOf(checks);
  }

  /** {@code "ready"} or {@code "not_ready"}, as the guide's /ready answers. */
  public String status() {
    return ready ? "ready" : "not_ready";
  }
}
