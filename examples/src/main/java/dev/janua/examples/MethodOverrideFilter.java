package dev.janua.examples;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Hides the method-override headers ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method},
 * {@code X-Method-Override}) from the routes. Javalin takes {@code X-HTTP-Method-Override} as the
 * request's method, so without this a {@code POST} (which a cross-site form or a proxy that only
 * filters some methods lets through) could act as a {@code DELETE}. The request is routed by its
 * real method only.
 */
final class MethodOverrideFilter implements Filter {
  static final List<String> HEADERS =
      List.of("x-http-method-override", "x-http-method", "x-method-override");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request instanceof HttpServletRequest http ? new Hidden(http) : request,
        response);
  }

  private static boolean hidden(String name) {
    return name != null && HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The request without the override headers. */
  private static final class Hidden extends HttpServletRequestWrapper {
    Hidden(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getHeader(String name) {
      return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = Collections.list(super.getHeaderNames());
      names.removeIf(MethodOverrideFilter::hidden);
      return Collections.enumeration(names);
    }
  }
}
