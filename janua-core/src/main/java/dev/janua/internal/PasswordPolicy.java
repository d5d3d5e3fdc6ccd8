package dev.janua.internal;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.janua.ValidationException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one password policy of signup, password change and password reset, and the form every
 * password is hashed and verified in.
 *
 * <ul>
 *   <li>Every password is NFKC-normalized before it is measured, hashed or verified, so the
 *       composed and the decomposed spelling of one password (or a full-width and an ASCII one)
 *       are the same password.
 *   <li>Length is counted in code points after normalization: at least {@link #MIN_LENGTH}, at
 *       most {@link #MAX_LENGTH} (so a hash costs a bounded amount of work; passwords beyond
 *       bcrypt's 72 bytes are pre-hashed by {@link PasswordHasher}, never truncated). Input
 *       longer than {@link #MAX_RAW_CHARS} UTF-16 units is refused before it is normalized.
 *   <li>New passwords must reach a zxcvbn score of at least the configured minimum, with the
 *       user's own email, its local part and the display name as inputs an attacker would try.
 * </ul>
 *
 * <p>Failures are {@link ValidationException}s naming the field and the rule ({@code
 * too_short}, {@code too_long}, {@code too_weak}); the message never quotes the password, only
 * zxcvbn's generic English warning.
 */
public final class PasswordPolicy {
  /** Fewest code points in a password, after NFKC normalization. */
  public static final int MIN_LENGTH = 8;
  /** Most code points in a password, after NFKC normalization. */
  public static final int MAX_LENGTH = 128;
  /**
   * Most UTF-16 units accepted before normalization (NFKC expands a character to at most 18), so
   * normalizing hostile input costs bounded work.
   */
  public static final int MAX_RAW_CHARS = MAX_LENGTH * 4;

  private final int minScore;
  private final @Nullable Zxcvbn zxcvbn;

  /** @param minScore the lowest zxcvbn score accepted, 0 (no strength check) to 4 */
  public PasswordPolicy(int minScore) {
    if (minScore < 0 || minScore > 4) {
      throw new IllegalArgumentException("minScore must be from 0 to 4, got " + minScore);
    }
    this.minScore = minScore;
    // Loads zxcvbn's dictionaries once; measuring is thread-safe.
    this.zxcvbn = minScore == 0 ? null : new Zxcvbn();
  }

  /** The lowest zxcvbn score accepted. */
  public int minScore() {
    return minScore;
  }

  /** The NFKC form of a password: the form that is hashed and verified. */
  public static String normalize(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  /**
   * The normalized password when its length is within bounds, else {@code null}: what signin
   * checks before any store read (no strength check, so old weak passwords still sign in).
   */
  public static @Nullable String withinBounds(@Nullable String password) {
    if (password == null || password.length() > MAX_RAW_CHARS) {
      return null;
    }
    String n = normalize(password);
    int length = n.codePointCount(0, n.length());
    return length >= MIN_LENGTH && length <= MAX_LENGTH ? n : null;
  }

  /**
   * The length rules only (before the account is known, e.g. a reset token still unchecked).
   *
   * @param field the field to name, {@code password} or {@code new_password}
   * @return the normalized password
   * @throws ValidationException naming {@code field} and the rule {@code required}, {@code
   *     too_short} or {@code too_long}
   */
  public static String checkLength(@Nullable String password, String field) {
    if (password == null || password.isEmpty()) {
      throw new ValidationException(field, "required", field + " is required");
    }
    if (password.length() > MAX_RAW_CHARS) {
      throw tooLong(field);
    }
    String n = normalize(password);
    int length = n.codePointCount(0, n.length());
    if (length < MIN_LENGTH) {
      throw new ValidationException(field, "too_short",
          field + " is too short (too_short): at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      throw tooLong(field);
    }
    return n;
  }

  private static ValidationException tooLong(String field) {
    return new ValidationException(field, "too_long",
        field + " is too long (too_long): at most " + MAX_LENGTH + " characters");
  }

  /**
   * Every rule for a new password of the user with this email and name.
   *
   * @param field the field to name, {@code password} or {@code new_password}
   * @return the normalized password, the form to hash
   * @throws ValidationException naming {@code field} and the rule that failed ({@code required},
   *     {@code too_short}, {@code too_long}, {@code too_weak})
   */
  public String check(@Nullable String password, String field, @Nullable String email,
      @Nullable String name) {
    String n = checkLength(password, field);
    if (zxcvbn == null) {
      return n;
    }
    Strength strength = zxcvbn.measure(n, userInputs(email, name));
    try {
      if (strength.getScore() < minScore) {
        Feedback feedback = strength.getFeedback();
        String warning = feedback == null ? "" : feedback.getWarning(Locale.ENGLISH);
        throw new ValidationException(field, "too_weak", field + " is too easy to guess (too_weak)"
            + (warning == null || warning.isBlank() ? "" : ": " + warning));
      }
    } finally {
      strength.wipe();
    }
    return n;
  }

  /** What zxcvbn should treat as known to an attacker: the email, its local part, the name. */
  static List<String> userInputs(@Nullable String email, @Nullable String name) {
    List<String> inputs = new ArrayList<>();
    if (email != null && !email.isEmpty()) {
      inputs.add(email);
      int at = email.indexOf('@');
      if (at > 0) {
        inputs.add(email.substring(0, at));
      }
    }
    if (name != null && !name.isBlank()) {
      inputs.add(name);
      for (String part : name.split("\\s+")) {
        if (part.length() > 2) {
          inputs.add(part);
        }
      }
    }
    return inputs;
  }
}
