package dev.janua.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;

/**
 * The control of the in-memory scaling rows (docs/performance.md, "How cost grows"): a bare
 * Caffeine cache bounded like Janua's L1 (50,000 entries), first read through with 1k, 100k or 1M
 * background keys, then timed reading the same 64 hot keys. It shows how much a read of a bounded
 * Caffeine cache costs more once the cache is full, with no Janua code involved. A plain main (a
 * loop with a warm-up, two trials), not JMH: the figure to read is the ratio between sizes.
 *
 * <p>{@code java -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar
 * dev.janua.benchmarks.CaffeineAtCapacity}
 */
public final class CaffeineAtCapacity {
  private CaffeineAtCapacity() {}

  /**
   * Prints nanoseconds per read for each size, twice.
   *
   * @param args none
   */
  public static void main(String[] args) {
    long sink = 0;
    for (int trial = 1; trial <= 2; trial++) {
      double smallest = 0;
      for (int size : new int[] {1_000, 100_000, 1_000_000}) {
        Cache<String, Object> cache = Caffeine.newBuilder().maximumSize(50_000).build();
        for (int i = 0; i < size; i++) {
          cache.put("background-" + i, i);
          cache.getIfPresent("background-" + i);
        }
        cache.cleanUp();
        String[] hot = new String[64];
        for (int i = 0; i < hot.length; i++) {
          hot[i] = "hot-" + i;
          cache.put(hot[i], i);
        }
        for (int i = 0; i < 3_000_000; i++) {
          sink += cache.getIfPresent(hot[i & 63]) == null ? 0 : 1;
        }
        int n = 20_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sink += cache.getIfPresent(hot[i & 63]) == null ? 0 : 1;
        }
        double nanos = (System.nanoTime() - start) / (double) n;
        if (size == 1_000) {
          smallest = nanos;
        }
        System.out.printf(Locale.ROOT, "trial %d, %,d background keys (%,d entries): %.1f ns per "
            + "read, %.2fx the smallest%n", trial, size, cache.estimatedSize(), nanos,
            nanos / smallest);
      }
    }
    System.out.println("(reads that hit: " + sink + ")");
  }
}
