package dev.janua.spi;

/** Something that reports {@link PoolStats}: janua-jdbc's pool. */
@FunctionalInterface
public interface PoolStatsSource {
  /** The pool's state now; cheap, callable from a metrics scrape. */
  PoolStats poolStats();
}
