package dev.janua.internal;

import dev.janua.JanuaConfigException;
import dev.janua.RateLimitRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads environment-style variables for every Janua module, so that each fails the same way: a
 * malformed value throws {@link JanuaConfigException} naming the variable and what it expects;
 * an unset or blank variable takes its default; nothing falls back silently. Values are trimmed.
 * Error messages quote the offending value, so read secrets only with {@link #text} and check them
 * yourself.
 */
public final class EnvReader {
  private final Map<String, String> env;

  private EnvReader(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** A reader over a map of variables (tests, or a host's own configuration source). */
  public static EnvReader of(Map<String, String> env) {
    return new EnvReader(env);
  }

  /** A reader over the process environment. */
  public static EnvReader system() {
    return new EnvReader(System.getenv());
  }

  /** Whether the variable is set to something other than blanks. */
  public boolean isSet(String name) {
    return raw(name) != null;
  }

  /** The trimmed value, or {@code dflt} when unset or blank. */
  public @Nullable String text(String name, @Nullable String dflt) {
    String v = raw(name);
    return v == null ? dflt : v;
  }

  /**
   * A whole number from {@code min} to {@code max}.
   *
   * @throws JanuaConfigException naming the variable, the range and the value
   */
  public int integer(String name, int dflt, int min, int max) {
    return (int) longValue(name, dflt, min, max);
  }

  /**
   * A whole number from {@code min} to {@code max}.
   *
   * @throws JanuaConfigException naming the variable, the range and the value
   */
  public long longValue(String name, long dflt, long min, long max) {
    String v = raw(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new JanuaConfigException(name, name + " must be a whole number from " + min + " to "
        + max + ", got '" + v + "'");
  }

  /**
   * {@code true/false}, {@code 1/0}, {@code yes/no} or {@code on/off}, in any case.
   *
   * @throws JanuaConfigException naming the variable and the value
   */
  public boolean bool(String name, boolean dflt) {
    String v = raw(name);
    if (v == null) {
      return dflt;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on": return true;
      case "false", "0", "no", "off": return false;
      default:
        throw new JanuaConfigException(name, name + " must be true or false, got '" + v + "'");
    }
  }

  /**
   * One of the allowed values, exactly as written.
   *
   * @throws JanuaConfigException naming the variable, the allowed values and the value
   */
  public String oneOf(String name, String dflt, List<String> allowed) {
    String v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (!allowed.contains(v)) {
      throw new JanuaConfigException(name, name + " must be one of " + allowed + ", got '" + v + "'");
    }
    return v;
  }

  /**
   * The constant of {@code type} whose name matches the value in any case ({@code closed} for
   * {@code CLOSED}).
   *
   * @throws JanuaConfigException naming the variable, the constants and the value
   */
  public <E extends Enum<E>> @Nullable E choice(String name, @Nullable E dflt, Class<E> type) {
    String v = raw(name);
    if (v == null) {
      return dflt;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new JanuaConfigException(name, name + " must be one of " + names + ", got '" + v + "'");
  }

  /**
   * A per-minute/per-hour rule such as {@code 10/100}, or {@code null} when unset.
   *
   * @throws JanuaConfigException naming the variable and the form expected
   */
  public @Nullable RateLimitRule rule(String name) {
    String v = raw(name);
    if (v == null) {
      return null;
    }
    try {
      return RateLimitRule.parse(v);
    } catch (IllegalArgumentException e) {
      throw new JanuaConfigException(name, name
          + " must be PER_MINUTE/PER_HOUR with both at least 1, such as 10/100, got '" + v + "'");
    }
  }

  /**
   * A comma-separated list of IP addresses and CIDR ranges; empty when unset.
   *
   * @throws JanuaConfigException naming the variable and the first bad entry
   */
  public List<Cidr> cidrs(String name) {
    String v = raw(name);
    if (v == null) {
      return List.of();
    }
    List<Cidr> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        out.add(Cidr.parse(part));
      } catch (IllegalArgumentException e) {
        throw new JanuaConfigException(name, name
            + " must be a comma-separated list of IP addresses or CIDR ranges (such as 10.0.0.0/8,::1), got '"
            + part.trim() + "'");
      }
    }
    return out;
  }

  private @Nullable String raw(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
