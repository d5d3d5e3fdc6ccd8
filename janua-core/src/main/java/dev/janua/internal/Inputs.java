package dev.janua.internal;

import dev.janua.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Normalization and validation of user input; messages name the field, never echo a password. */
public final class Inputs {
  /** Fewest characters (code points) in a password. */
  public static final int PASSWORD_MIN = 8;
  /** Most characters (code points) in a password. */
  public static final int PASSWORD_MAX = 128;

  // Pragmatic: one @, a dot-separated domain with a 2+ letter TLD, no spaces or control characters.
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])");

  private Inputs() {}

  /** The lookup form of an email: trimmed and lower-cased; no validation. */
  public static @Nullable String normalizeEmail(@Nullable String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The normalized email, validated.
   *
   * @throws ValidationException (field {@code email})
   */
  public static String email(@Nullable String email) {
    String n = normalizeEmail(email);
    if (n == null || n.isEmpty()) {
      throw new ValidationException("email", "email is required");
    }
    if (n.length() > 254 || !EMAIL.matcher(n).matches() || n.contains("..")) {
      throw new ValidationException("email", "email is not a valid address");
    }
    return n;
  }

  /** Whether the password fits the policy (used by signin to skip nothing but the store read). */
  public static boolean passwordFits(@Nullable String password) {
    if (password == null) {
      return false;
    }
    int n = password.codePointCount(0, password.length());
    return n >= PASSWORD_MIN && n <= PASSWORD_MAX;
  }

  /**
   * Checks the password policy: 8 to 128 characters.
   *
   * @throws ValidationException (field {@code password}) without quoting the password
   */
  public static String password(@Nullable String password) {
    if (password == null || password.isEmpty()) {
      throw new ValidationException("password", "password is required");
    }
    int n = password.codePointCount(0, password.length());
    if (n < PASSWORD_MIN) {
      throw new ValidationException("password", "password must have at least " + PASSWORD_MIN + " characters");
    }
    if (n > PASSWORD_MAX) {
      throw new ValidationException("password", "password must have at most " + PASSWORD_MAX + " characters");
    }
    return password;
  }

  /**
   * An optional display name: trimmed, at most 100 characters, no control characters.
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
    if (t.length() > 100 || t.chars().anyMatch(Character::isISOControl)) {
      throw new ValidationException(field, field + " must have at most 100 characters and no control characters");
    }
    return t;
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
