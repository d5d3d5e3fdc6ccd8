/**
 * The framework-neutral HTTP adapter layer for the Janua engine: JSON request and response shapes
 * in snake_case ({@link dev.janua.http.Requests}, {@link dev.janua.http.Responses}), a JSON codec
 * that enforces the size and content-type rules ({@link dev.janua.http.JsonCodec}), the error
 * mapping to {@code {"error": {...}}} ({@link dev.janua.http.ErrorMapper}, {@link
 * dev.janua.http.ApiError}), the {@code X-RateLimit-*} headers ({@link
 * dev.janua.http.RateLimitHeaders}), the {@code Authorization: Bearer} parser ({@link
 * dev.janua.http.BearerToken}) and request ids ({@link dev.janua.http.RequestIds}).
 *
 * <p>Nothing here imports a web framework: the Javalin example, the servlet filter
 * ({@code janua-servlet}) and any host's own glue depend on this module and keep only a few lines
 * of framework code. See docs/adapters.md.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.http;

import org.jspecify.annotations.NullMarked;
