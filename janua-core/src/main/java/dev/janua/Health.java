package dev.janua;

/**
 * Liveness: the engine answers. Always {@code "healthy"} and never touches a dependency.
 *
 * @param status {@code "healthy"}
 */
public record Health(String status) {}
