package dev.janua.metrics.internal;

import dev.janua.spi.CacheStats;
import dev.janua.spi.CacheStatsSource;
import dev.janua.spi.PoolStats;
import dev.janua.spi.PoolStatsSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stats sources bound to one recorder, read as one: sources can be added after the recorder is
 * built (a plugin binds what the other plugins provide once the engine is assembled), each is read
 * through its own {@link SafeStats} guard, and several are reported as their sum. The same source
 * bound twice counts once.
 */
public final class BoundStats {
  private BoundStats() {}

  /** The cache sources bound so far, read as one {@link CacheStatsSource}. */
  public static final class Caches implements CacheStatsSource {
    private final List<CacheStatsSource> sources = new ArrayList<>();
    private final CopyOnWriteArrayList<SafeStats.Cache> readers = new CopyOnWriteArrayList<>();

    /**
     * Binds {@code source}.
     *
     * @return whether it was new (false when this very source was bound before)
     */
    public synchronized boolean add(CacheStatsSource source) {
      Objects.requireNonNull(source, "source");
      for (CacheStatsSource s : sources) {
        if (s == source) {
          return false;
        }
      }
      sources.add(source);
      readers.add(new SafeStats.Cache(source));
      return true;
    }

    /** Whether no source is bound. */
    public boolean isEmpty() {
      return readers.isEmpty();
    }

    /**
     * The sum of every bound source (zeros without one); {@code l2Connected} only when every
     * source's shared tier is connected. Never throws: a failing source counts with its last good
     * values.
     */
    @Override
    public CacheStats cacheStats() {
      List<SafeStats.Cache> rs = readers;
      if (rs.size() == 1) {
        return rs.get(0).read();
      }
      long hits = 0, misses = 0, sets = 0, l1Hits = 0, l2Hits = 0, l1Size = 0;
      boolean connected = !rs.isEmpty();
      for (SafeStats.Cache r : rs) {
        CacheStats c = r.read();
        hits += c.hits();
        misses += c.misses();
        sets += c.sets();
        l1Hits += c.l1Hits();
        l2Hits += c.l2Hits();
        l1Size += c.l1Size();
        connected &= c.l2Connected();
      }
      return new CacheStats(hits, misses, sets, l1Hits, l2Hits, l1Size, connected);
    }
  }

  /** The pool sources bound so far, read as one {@link PoolStatsSource}. */
  public static final class Pools implements PoolStatsSource {
    private final List<PoolStatsSource> sources = new ArrayList<>();
    private final CopyOnWriteArrayList<SafeStats.Pool> readers = new CopyOnWriteArrayList<>();

    /**
     * Binds {@code source}.
     *
     * @return whether it was new (false when this very source was bound before)
     */
    public synchronized boolean add(PoolStatsSource source) {
      Objects.requireNonNull(source, "source");
      for (PoolStatsSource s : sources) {
        if (s == source) {
          return false;
        }
      }
      sources.add(source);
      readers.add(new SafeStats.Pool(source));
      return true;
    }

    /** Whether no source is bound. */
    public boolean isEmpty() {
      return readers.isEmpty();
    }

    /** The sum of every bound pool (zeros without one). Never throws. */
    @Override
    public PoolStats poolStats() {
      List<SafeStats.Pool> rs = readers;
      if (rs.size() == 1) {
        return rs.get(0).read();
      }
      int active = 0, idle = 0, pending = 0, max = 0;
      for (SafeStats.Pool r : rs) {
        PoolStats p = r.read();
        active += p.active();
        idle += p.idle();
        pending += p.pending();
        max += p.max();
      }
      return new PoolStats(active, idle, pending, max);
    }
  }
}
