package dev.janua.jdbc.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The rule for Janua's schema name: a lower-case SQL identifier, safe to quote into SQL. */
public final class Schemas {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private Schemas() {}

  /** Whether {@code name} is a valid schema name. */
  public static boolean valid(@Nullable String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Returns {@code name} when valid.
   *
   * @throws IllegalArgumentException naming {@code argument} otherwise
   */
  public static String check(String name, String argument) {
    if (!valid(name)) {
      throw new IllegalArgumentException(argument
          + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), got '"
          + name + "'");
    }
    return name;
  }
}
