/**
 * The runnable example service: {@link dev.janua.examples.JanuaExampleServer} wires a Janua engine
 * (in-memory by default; PostgreSQL with {@code DATABASE_URL}, Redis with {@code REDIS_URL}) into
 * Javalin through the framework-neutral adapter layer of janua-http ({@code dev.janua.http}).
 */
package dev.janua.examples;
