package dev.janua.metrics.internal;

import dev.janua.TokenFailureReason;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps what callers pass to bounded tag values: unknown results, reasons and methods become
 * {@code other}, and a path that is not a route template is made into one, so no tag carries an
 * id, email, IP address or token and cardinality stays bounded.
 */
public final class TagValues {
  private TagValues() {}

  /** The tag value for anything outside a known set. */
  public static final String OTHER = "other";

  /** The path tag when the adapter passes none. */
  public static final String UNKNOWN_PATH = "unknown";

  /** The placeholder replacing a path segment that looks like an identifier. */
  public static final String ID_SEGMENT = "{id}";

  private static final int MAX_PATH_LENGTH = 200;
  private static final int MAX_SEGMENT_LENGTH = 48;

  private static final Set<String> SIGNIN_RESULTS =
      Set.of("success", "invalid_credentials", "rate_limited", "busy", "validation_error",
          "store_unavailable", "error");
  private static final Set<String> SIGNUP_RESULTS =
      Set.of("success", "conflict", "validation_error", "rate_limited", "busy",
          "store_unavailable", "error");
  private static final Set<String> REFRESH_RESULTS =
      Set.of("success", "invalid_token", "token_expired", "rate_limited", "busy",
          "validation_error", "store_unavailable", "error");
  private static final Set<String> OPERATIONS =
      Set.of("signup", "signin", "refresh", "change_password", "signout", "sessions", "users",
          "organizations", "keys", "introspect", "revoke", "password_reset_request",
          "password_reset", "resend_verification", "verify_email", "change_email", "delete_user",
          "invitations", "api_tokens");
  private static final Set<String> OPERATION_RESULTS =
      Set.of("success", "invalid_credentials", "invalid_token", "token_expired", "rate_limited",
          "busy", "validation_error", "conflict", "not_found", "permission_denied",
          "store_unavailable", "invalid_configuration", "invalid_client", "invalid_account_token",
          "email_not_verified", "invitation_invalid",
          "invitation_email_mismatch", "error");
  private static final Set<String> TOKEN_RESULTS = Set.of("valid", "invalid");
  private static final Set<String> TOKEN_REASONS;
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  static {
    Set<String> reasons = new HashSet<>();
    reasons.add("none");
    for (TokenFailureReason r : TokenFailureReason.values()) {
      reasons.add(r.code());
    }
    TOKEN_REASONS = Set.copyOf(reasons);
  }

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern UUID =
      Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
  private static final Pattern LONG_HEX = Pattern.compile("(?i)[0-9a-f]{16,}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HAS_DIGIT = Pattern.compile(".*\\d.*");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");

  /** The known signin results. */
  public static Set<String> signinResults() {
    return SIGNIN_RESULTS;
  }

  /** The known signup results. */
  public static Set<String> signupResults() {
    return SIGNUP_RESULTS;
  }

  /** A signin result tag. */
  public static String signinResult(@Nullable String result) {
    return result != null && SIGNIN_RESULTS.contains(result) ? result : OTHER;
  }

  /** A signup result tag. */
  public static String signupResult(@Nullable String result) {
    return result != null && SIGNUP_RESULTS.contains(result) ? result : OTHER;
  }

  /** The known refresh results. */
  public static Set<String> refreshResults() {
    return REFRESH_RESULTS;
  }

  /** A refresh result tag. */
  public static String refreshResult(@Nullable String result) {
    return result != null && REFRESH_RESULTS.contains(result) ? result : OTHER;
  }

  /** The engine operations known by name. */
  public static Set<String> operations() {
    return OPERATIONS;
  }

  /** An operation tag: one of {@link #operations()}, else {@code other}. */
  public static String operation(@Nullable String operation) {
    return operation != null && OPERATIONS.contains(operation) ? operation : OTHER;
  }

  /** An operation result tag: {@code success}, a {@code JanuaException} code, {@code error}, else {@code other}. */
  public static String operationResult(@Nullable String result) {
    return result != null && OPERATION_RESULTS.contains(result) ? result : OTHER;
  }

  /** A token validation result tag. */
  public static String tokenResult(@Nullable String result) {
    return result != null && TOKEN_RESULTS.contains(result) ? result : OTHER;
  }

  /** A token failure reason tag: {@code none} or a {@link TokenFailureReason} code. */
  public static String tokenReason(@Nullable String reason) {
    return reason != null && TOKEN_REASONS.contains(reason) ? reason : OTHER;
  }

  /** An HTTP method tag, upper case; an unknown method becomes {@code OTHER}. */
  public static String method(@Nullable String method) {
    if (method == null) {
      return "OTHER";
    }
    String m = method.trim().toUpperCase(Locale.ROOT);
    return METHODS.contains(m) ? m : "OTHER";
  }

  /** An HTTP status tag: the three digits, or {@code other} outside 100-599. */
  public static String status(int status) {
    return status >= 100 && status <= 599 ? Integer.toString(status) : OTHER;
  }

  /**
   * A path tag: the route template as given, with the query string dropped and every segment
   * that looks like an identifier (digits, UUID, long hex, email, IP address, long mixed token)
   * replaced by {@code {id}}. Adapters should pass their framework's template ({@code
   * /orgs/{id}/members}); this is the safety net when one passes the raw path.
   */
  public static String path(@Nullable String template) {
    if (template == null || template.isBlank()) {
      return UNKNOWN_PATH;
    }
    String p = template.trim();
    int cut = indexOfAny(p, '?', '#');
    if (cut >= 0) {
      p = p.substring(0, cut);
    }
    if (p.isEmpty()) {
      return UNKNOWN_PATH;
    }
    StringBuilder out = new StringBuilder(p.length() + 8);
    if (p.charAt(0) != '/') {
      out.append('/');
    }
    String[] segments = p.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(segment(segments[i]));
    }
    String s = out.toString();
    return s.length() > MAX_PATH_LENGTH ? s.substring(0, MAX_PATH_LENGTH) : s;
  }

  private static String segment(String s) {
    if (s.isEmpty() || isPlaceholder(s)) {
      return s;
    }
    if (s.length() > MAX_SEGMENT_LENGTH
        || s.indexOf('@') >= 0
        || (s.indexOf(':') > 0)
        || s.indexOf('%') >= 0
        || DIGITS.matcher(s).matches()
        || UUID.matcher(s).matches()
        || LONG_HEX.matcher(s).matches()
        || IPV4.matcher(s).matches()
        || (s.length() >= 16 && HAS_DIGIT.matcher(s).matches() && HAS_LETTER.matcher(s).matches())) {
      return ID_SEGMENT;
    }
    return s;
  }

  private static boolean isPlaceholder(String s) {
    return (s.startsWith("{") && s.endsWith("}"))
        || (s.startsWith("<") && s.endsWith(">"))
        || (s.startsWith(":") && s.indexOf(':', 1) < 0)
        || s.equals("*")
        || s.equals("**");
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
