package dev.janua.spi;

/**
 * A connection pool's state, as janua-jdbc reports it and janua-metrics publishes it.
 *
 * @param active  connections in use
 * @param idle    connections open and free
 * @param pending threads waiting for a connection
 * @param max     the pool's maximum size
 */
public record PoolStats(int active, int idle, int pending, int max) {}
