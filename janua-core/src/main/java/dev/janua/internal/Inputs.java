package dev.janua.internal;

import dev.janua.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Normalization and validation of user input; messages name the field. Passwords: {@link
 * PasswordPolicy}.
 */
public final class Inputs {
  /** Most characters in an email address (RFC 5321's path limit less the angle brackets). */
  public static final int EMAIL_MAX = 254;

  // Pragmatic: one @, a dot-separated domain with a 2+ letter TLD, no spaces or control characters.
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])");

  private Inputs() {}

  /**
   * The lookup form of an email: trimmed and lower-cased (ASCII only is valid, so no Unicode
   * normalization is needed: a full-width or otherwise non-ASCII address is refused, not folded).
   * No validation.
   */
  public static @Nullable String normalizeEmail(@Nullable String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The normalized email when it is a valid address, else {@code null}: what signin uses, before
   * any cache or store lookup. Input far longer than an address is refused before it is copied.
   */
  public static @Nullable String validEmailOrNull(@Nullable String email) {
    if (email == null || email.length() > EMAIL_MAX + 64) {
      return null;
    }
    String n = normalizeEmail(email);
    if (n == null || n.isEmpty() || n.length() > EMAIL_MAX || !EMAIL.matcher(n).matches()
        || n.contains("..")) {
      return null;
    }
    return n;
  }

  /**
   * The normalized email, validated: at most {@value #EMAIL_MAX} characters, ASCII, one {@code @},
   * a dotted domain.
   *
   * @throws ValidationException (field {@code email})
   */
  public static String email(@Nullable String email) {
    if (email == null || email.isBlank()) {
      throw new ValidationException("email", "email is required");
    }
    String n = validEmailOrNull(email);
    if (n == null) {
      throw new ValidationException("email", "email is not a valid address");
    }
    return n;
  }

  /**
   * An optional display name: trimmed, at most 100 characters, no control characters (Unicode
   * category Cc) and no bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A to
   * U+202E, U+2066 to U+2069), which could make a name display as something else.
   *
   * @throws ValidationException (field {@code name})
   */
  public static @Nullable String name(@Nullable String name, String field, boolean required) {
    String t = name == null ? null : name.trim();
    if (t == null || t.isEmpty()) {
      if (required) {
        throw new ValidationException(field, field + " is required");
      }
      return null;
    }
    if (t.length() > 100) {
      throw new ValidationException(field, field + " must have at most 100 characters");
    }
    if (t.chars().anyMatch(c -> Character.isISOControl(c) || isBidiControl(c))) {
      throw new ValidationException(field,
          field + " must not contain control or bidirectional formatting characters");
    }
    return t;
  }

  /** Whether {@code c} is one of Unicode's bidirectional formatting characters (Bidi_Control). */
  static boolean isBidiControl(int c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * An organization slug: 3 to 64 of lower-case letters, digits and inner hyphens.
   *
   * @throws ValidationException (field {@code slug})
   */
  public static String slug(@Nullable String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new ValidationException("slug",
          "slug must be 3 to 64 lower-case letters, digits or inner hyphens");
    }
    return slug;
  }

  /**
   * A required identifier such as a user or organization id.
   *
   * @throws ValidationException naming the field
   */
  public static String id(@Nullable String id, String field) {
    if (id == null || id.isBlank() || id.length() > 64) {
      throw new ValidationException(field, field + " is required");
    }
    return id;
  }
}
