package dev.janua;

/**
 * How many requests one client may make in a category: both windows apply at once.
 *
 * @param perMinute requests per sliding minute (1 or more)
 * @param perHour   requests per sliding hour (1 or more)
 */
public record RateLimitRule(int perMinute, int perHour) {
  public RateLimitRule {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
    }
    if (perHour < 1) {
      throw new IllegalArgumentException("perHour must be at least 1, got " + perHour);
    }
  }

  /** Parses {@code "10/100"} (per minute / per hour). */
  public static RateLimitRule parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected PER_MINUTE/PER_HOUR such as 10/100");
    }
    return new RateLimitRule(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
  }

  @Override
  public String toString() {
    return perMinute + "/" + perHour;
  }
}
