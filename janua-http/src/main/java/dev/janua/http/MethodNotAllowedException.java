package dev.janua.http;

import dev.janua.JanuaException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A known route asked with a method it does not have: code {@code method_not_allowed}, HTTP 405,
 * which {@link ErrorMapper} answers with an {@code Allow} header listing the route's methods
 * (RFC 9110 section 15.5.6), so a wrong method is not mistaken for an unknown route.
 */
public final class MethodNotAllowedException extends JanuaException {
  /** The error code. */
  public static final String CODE = "method_not_allowed";
  private static final long serialVersionUID = 1L;

  private final String allow;

  /**
   * @param method  the request's method
   * @param allowed the route's methods, at least one
   */
  public MethodNotAllowedException(String method, Set<String> allowed) {
    super(CODE, 405, "Method " + method + " is not allowed here; allowed: "
        + String.join(", ", new TreeSet<>(allowed)));
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("allowed must name at least one method");
    }
    this.allow = String.join(", ", new TreeSet<>(allowed));
  }

  /** The {@code Allow} header's value: the route's methods, sorted, comma-separated. */
  public String allow() {
    return allow;
  }
}
