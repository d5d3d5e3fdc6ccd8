/**
 * Janua for Jakarta Servlet 6: {@link dev.janua.servlet.JanuaAuthenticationFilter} and {@link
 * dev.janua.servlet.JanuaAuthServlet}. janua-metrics is optional: with it the filter records the
 * request metrics through its {@code RequestTimer}. The implementation package is not exported.
 */
module dev.janua.servlet {
  requires transitive dev.janua.core;
  requires transitive dev.janua.http;
  requires transitive jakarta.servlet;
  requires static dev.janua.metrics;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.janua.servlet;
}
