/**
 * A framework-neutral HTTP adapter layer for the Janua engine: JSON request and response shapes in
 * snake_case ({@link dev.janua.examples.adapter.Requests}, {@link
 * dev.janua.examples.adapter.Responses}), a JSON codec that enforces the size and content-type rules
 * ({@link dev.janua.examples.adapter.JsonCodec}), the error mapping to {@code {"error": {...}}}
 * ({@link dev.janua.examples.adapter.ErrorMapper}), the {@code X-RateLimit-*} headers ({@link
 * dev.janua.examples.adapter.RateLimitHeaders}) and the {@code Authorization: Bearer} parser
 * ({@link dev.janua.examples.adapter.BearerToken}).
 *
 * <p>Nothing here imports a web framework: copy the package into a Spring, Helidon, Micronaut or
 * plain-servlet service and keep only a few lines of glue, as {@code JanuaExampleServer} does for
 * Javalin. See docs/adapters.md.
 */
package dev.janua.examples.adapter;
