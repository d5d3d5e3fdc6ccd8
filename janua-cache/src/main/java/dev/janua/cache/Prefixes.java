package dev.janua.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Key prefixes of pattern invalidations. */
final class Prefixes {
  private Prefixes() {}

  static boolean startsWithAny(String key, Collection<String> prefixes) {
    for (String p : prefixes) {
      if (key.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The prefixes without a trailing {@code *} (so the guide's {@code org:42:*} works).
   *
   * @throws IllegalArgumentException when a prefix is empty (that would drop everything)
   */
  static List<String> normalize(Collection<String> prefixes) {
    List<String> out = new ArrayList<>(prefixes.size());
    for (String p : prefixes) {
      Objects.requireNonNull(p, "prefix");
      String stripped = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
      if (stripped.isEmpty()) {
        throw new IllegalArgumentException("prefix must not be empty");
      }
      out.add(stripped);
    }
    return List.copyOf(out);
  }
}
