package dev.janua.internal;

import dev.janua.ValidationException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code resource:action} permissions. A granted permission may use {@code *} for either part, or be
 * {@code *} alone (everything); a required permission is always concrete.
 */
public final class Permissions {
  private Permissions() {}

  /**
   * Checks a permission to be granted (wildcards allowed).
   *
   * @throws ValidationException (field {@code permissions}) when malformed
   */
  public static void checkGrantable(@Nullable String permission) {
    if (permission == null || !("*".equals(permission) || wellFormed(permission, true))) {
      throw new ValidationException("permissions",
          "Permissions must look like resource:action (either part may be *), got '" + permission + "'");
    }
  }

  /**
   * Checks a permission to be required (no wildcards).
   *
   * @throws ValidationException (field {@code permission}) when malformed
   */
  public static void checkRequired(@Nullable String permission) {
    if (permission == null || !wellFormed(permission, false)) {
      throw new ValidationException("permission",
          "A required permission must look like resource:action without wildcards, got '" + permission + "'");
    }
  }

  private static boolean wellFormed(String permission, boolean wildcards) {
    int colon = permission.indexOf(':');
    if (colon <= 0 || colon != permission.lastIndexOf(':')) {
      return false;
    }
    return part(permission, 0, colon, wildcards) && part(permission, colon + 1, permission.length(), wildcards);
  }

  /** {@code [a-z0-9][a-z0-9_.-]{0,63}}, or {@code *} when wildcards are allowed; by hand, it runs on every check. */
  private static boolean part(String s, int from, int to, boolean wildcards) {
    int n = to - from;
    if (n == 1 && s.charAt(from) == '*') {
      return wildcards;
    }
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || i > from && (c == '_' || c == '.' || c == '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code granted} covers the concrete {@code required} permission. */
  public static boolean grants(Set<String> granted, String required) {
    if (granted.contains(required) || granted.contains("*")) {
      return true;
    }
    int colon = required.indexOf(':');
    String resource = required.substring(0, colon);
    String action = required.substring(colon + 1);
    return granted.contains(resource + ":*") || granted.contains("*:" + action)
        || granted.contains("*:*");
  }

  /**
   * Whether {@code holder} covers every permission of {@code wanted}: a concrete one when it is
   * granted, a wildcard one only when the holder has that same wildcard or everything.
   */
  public static boolean covers(Set<String> holder, Set<String> wanted) {
    boolean everything = holder.contains("*") || holder.contains("*:*");
    for (String w : wanted) {
      boolean ok = everything || holder.contains(w) || (!w.contains("*") && grants(holder, w));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
