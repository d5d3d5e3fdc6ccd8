package dev.janua.metrics.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guide's {@code endpoint_performance} statistics: per {@code METHOD:path-template}, count,
 * total, min, max and average time in milliseconds and the error count. At most {@code maxKeys}
 * endpoints are tracked; later ones fold into {@code METHOD:other} so a misbehaving adapter cannot
 * grow memory without bound.
 */
public final class EndpointStats {
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxKeys;

  /** Stats tracking at most {@code maxKeys} distinct endpoints. */
  public EndpointStats(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** The key for an endpoint, admitting a new key only while under the cap. */
  public String key(String method, String path) {
    String key = method + ":" + path;
    if (entries.containsKey(key) || entries.size() < maxKeys) {
      return key;
    }
    return method + ":" + TagValues.OTHER;
  }

  /** Records one request. */
  public void record(String key, long nanos, boolean error) {
    entries.computeIfAbsent(key, k -> new Entry()).record(nanos, error);
  }

  /** A JSON-ready copy: keys sorted, times in milliseconds rounded to 2 decimals. */
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    new TreeMap<>(entries).forEach((k, e) -> out.put(k, e.snapshot()));
    return out;
  }

  private static final class Entry {
    private long count;
    private long totalNanos;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos;
    private long errors;

    synchronized void record(long nanos, boolean error) {
      count++;
      totalNanos += nanos;
      minNanos = Math.min(minNanos, nanos);
      maxNanos = Math.max(maxNanos, nanos);
      if (error) {
        errors++;
      }
    }

    synchronized Map<String, Object> snapshot() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("total_time", millis(totalNanos));
      m.put("min_time", millis(count == 0 ? 0 : minNanos));
      m.put("max_time", millis(maxNanos));
      m.put("avg_time", count == 0 ? 0.0 : round2(totalNanos / 1e6 / count));
      m.put("error_count", errors);
      return m;
    }
  }

  /** Nanoseconds as milliseconds rounded to two decimals. */
  public static double millis(long nanos) {
    return round2(nanos / 1e6);
  }

  private static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
