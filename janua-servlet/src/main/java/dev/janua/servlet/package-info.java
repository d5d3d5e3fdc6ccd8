/**
 * Janua for Jakarta Servlet 6 containers (Jetty 12, Tomcat 10.1+, Undertow): {@link
 * dev.janua.servlet.JanuaAuthenticationFilter} authenticates bearer tokens, rate-limits, tags each
 * request with an id and a response time, and answers failures in the error shape of janua-http;
 * {@link dev.janua.servlet.JanuaAuthServlet} serves the auth routes (signup, signin, refresh,
 * signout, me) with the example service's paths, bodies and status codes; {@link
 * dev.janua.servlet.JanuaFilterConfig} holds the filter's settings, {@link
 * dev.janua.servlet.JanuaUserPrincipal} is what {@code HttpServletRequest#getUserPrincipal()}
 * returns, and {@link dev.janua.servlet.JanuaAttributes} names the request and context attributes.
 * See docs/servlet.md.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.servlet;

import org.jspecify.annotations.NullMarked;
