package dev.janua.spi;

/**
 * One dependency's answer.
 *
 * @param up     whether it works
 * @param detail {@code "ok"} when up, else a short reason without secrets
 */
public record HealthStatus(boolean up, String detail) {
  private static final HealthStatus OK = new HealthStatus(true, "ok");

  /** Up. */
  public static HealthStatus ok() {
    return OK;
  }

  /** Down, with a short reason. */
  public static HealthStatus down(String reason) {
    return new HealthStatus(false, reason);
  }
}
