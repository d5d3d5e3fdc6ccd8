package dev.janua.servlet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which paths the filter covers: the longest matching prefix decides, an include or an exclude; a
 * path no prefix matches is not covered. Prefixes match whole segments: {@code /api} matches
 * {@code /api} and {@code /api/x}, not {@code /apix}; {@code /} matches every path.
 */
public final class PathRules {
  private final List<String> includes;
  private final List<String> excludes;

  private PathRules(List<String> includes, List<String> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  /**
   * Rules over checked prefixes.
   *
   * @throws IllegalArgumentException when a prefix is not a path, or is both included and excluded
   */
  public static PathRules of(List<String> includes, List<String> excludes) {
    List<String> in = normalize(includes, "includePaths");
    List<String> out = normalize(excludes, "excludePaths");
    for (String p : in) {
      if (out.contains(p)) {
        throw new IllegalArgumentException("path prefix " + p + " is both included and excluded");
      }
    }
    return new PathRules(List.copyOf(in), List.copyOf(out));
  }

  /**
   * The canonical form of a prefix: starts with {@code /}, no trailing {@code /} (except the root).
   *
   * @throws IllegalArgumentException naming {@code setting} when it is not a plain path prefix
   */
  public static String normalize(String prefix, String setting) {
    String p = prefix.strip();
    if (!p.startsWith("/") || p.contains("*") || p.contains("?") || p.contains("//")
        || p.contains("/../") || p.endsWith("/..") || p.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(setting + ": '" + prefix
          + "' is not a path prefix (it must start with '/', with no wildcard, '..' or '//')");
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static List<String> normalize(List<String> prefixes, String setting) {
    List<String> out = new ArrayList<>();
    for (String p : prefixes) {
      String n = normalize(p, setting);
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Whether the filter covers a path.
   *
   * @param path the path within the application (servlet path plus path info), e.g. {@code /api/x}
   */
  public boolean covers(String path) {
    return longest(includes, path) > longest(excludes, path);
  }

  private static int longest(List<String> prefixes, String path) {
    int best = -1;
    for (int i = 0; i < prefixes.size(); i++) {
      String p = prefixes.get(i);
      if (p.length() > best && matches(p, path)) {
        best = p.length();
      }
    }
    return best;
  }

  private static boolean matches(String prefix, String path) {
    if (prefix.equals("/")) {
      return true;
    }
    return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PathRules[include=%s, exclude=%s]", includes, excludes);
  }
}
