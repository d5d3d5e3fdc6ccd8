package dev.janua.redis.internal;

import dev.janua.internal.SlidingWindows;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The sliding-window limiter of {@code dev.janua.internal.SlidingWindows} as one Lua script, so a
 * decision is one round trip: it reads the previous and the current window's counter of the minute
 * and of the hour, admits only when for both limits {@code previous * (W - elapsed) + (current + 1)
 * * W <= limit * W} (exact integers, well inside a Lua double's 2^53), then increments both current
 * counters (setting their expiry on creation, long enough to serve as the next window's previous)
 * and returns {@code {admitted, minutePrevious, minuteCurrent, hourPrevious, hourCurrent}}; Java
 * builds the answer from these with the same code as the local store. Run by EVALSHA, falling back
 * to EVAL when the server does not know the script (NOSCRIPT, e.g. after a restart or failover).
 * All four keys carry the same hash tag, so on a Cluster they live in one slot.
 */
public final class RateLimitScript {
  /**
   * The script; KEYS = previous minute, current minute, previous hour, current hour; ARGV = per
   * minute, per hour, now (epoch ms), current-minute TTL (ms), current-hour TTL (ms), count (1, or
   * 0 to decide without counting: a peek).
   */
  public static final String SOURCE = String.join("\n",
      "local now = tonumber(ARGV[3])",
      "local function fits(limit, prev, cur, w)",
      "  local elapsed = now % w",
      "  return prev * (w - elapsed) + (cur + 1) * w <= limit * w",
      "end",
      "local mp = tonumber(redis.call('GET', KEYS[1]) or '0')",
      "local mc = tonumber(redis.call('GET', KEYS[2]) or '0')",
      "local hp = tonumber(redis.call('GET', KEYS[3]) or '0')",
      "local hc = tonumber(redis.call('GET', KEYS[4]) or '0')",
      "if fits(tonumber(ARGV[1]), mp, mc, 60000) and fits(tonumber(ARGV[2]), hp, hc, 3600000) then",
      "  if ARGV[6] == '0' then return {1, mp, mc, hp, hc} end",
      "  mc = redis.call('INCR', KEYS[2])",
      "  if mc == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end",
      "  hc = redis.call('INCR', KEYS[4])",
      "  if hc == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[5]) end",
      "  return {1, mp, mc, hp, hc}",
      "end",
      "return {0, mp, mc, hp, hc}");

  /** Seconds a window's counter outlives the window (clock skew between instances and Redis). */
  static final long GRACE_SECONDS = 60;

  private static final String SHA1 = sha1(SOURCE);

  private final String keyPrefix;

  /** A script over keys under {@code keyPrefix + "rl:"}. */
  public RateLimitScript(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** The SHA-1 digest EVALSHA uses. */
  public static String sha() {
    return SHA1;
  }

  /**
   * The four counter keys of a client key for the windows around {@code epochMs}: {@code
   * <prefix>rl:{<key>}:m:<minute>} for the previous and the current minute, then {@code
   * <prefix>rl:{<key>}:h:<hour>} for the previous and the current hour, where {@code <key>} is
   * {@link #tag}: no client address appears in a Redis key.
   */
  public String[] keys(String clientKey, long epochMs) {
    String base = keyPrefix + "rl:{" + tag(clientKey) + "}:";
    long minute = SlidingWindows.index(epochMs, SlidingWindows.MINUTE_MS);
    long hour = SlidingWindows.index(epochMs, SlidingWindows.HOUR_MS);
    return new String[] {
        base + "m:" + (minute - 1), base + "m:" + minute,
        base + "h:" + (hour - 1), base + "h:" + hour};
  }

  /**
   * Runs one decision.
   *
   * @return {admitted (1 or 0), minute previous, minute current, hour previous, hour current}
   */
  public long[] run(RedisClusterCommands<byte[], byte[]> cmd, String clientKey, int perMinute,
      int perHour, long epochMs) {
    return run(cmd, clientKey, perMinute, perHour, epochMs, true);
  }

  /**
   * Runs one decision, counting it when admitted only if {@code count}; without, a peek.
   *
   * @return {admitted (1 or 0), minute previous, minute current, hour previous, hour current}
   */
  public long[] run(RedisClusterCommands<byte[], byte[]> cmd, String clientKey, int perMinute,
      int perHour, long epochMs, boolean count) {
    String[] k = keys(clientKey, epochMs);
    byte[][] keys = new byte[k.length][];
    for (int i = 0; i < k.length; i++) {
      keys[i] = KeyCodec.utf8(k[i]);
    }
    byte[][] args = {ascii(perMinute), ascii(perHour), ascii(epochMs),
        ascii(ttlMs(epochMs, SlidingWindows.MINUTE_MS)),
        ascii(ttlMs(epochMs, SlidingWindows.HOUR_MS)), ascii(count ? 1 : 0)};
    return eval(cmd, SHA1, SOURCE, keys, args, 5);
  }

  /**
   * Runs a script by EVALSHA, by EVAL when the server does not know it, and reads its reply of
   * {@code size} integers.
   */
  static long[] eval(RedisClusterCommands<byte[], byte[]> cmd, String sha, String source,
      byte[][] keys, byte[][] args, int size) {
    List<Object> out;
    try {
      out = cmd.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      out = cmd.eval(source, ScriptOutputType.MULTI, keys, args);
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
        throw e;
      }
      out = cmd.eval(source, ScriptOutputType.MULTI, keys, args);
    }
    if (out == null || out.size() != size) {
      throw new IllegalStateException("unexpected rate-limit script reply");
    }
    long[] result = new long[size];
    for (int i = 0; i < size; i++) {
      result[i] = toLong(out.get(i));
    }
    return result;
  }

  /** The current window's counter lives through the next window (as its previous), plus grace. */
  static long ttlMs(long epochMs, long windowMs) {
    long end = (SlidingWindows.index(epochMs, windowMs) + 1) * windowMs;
    return end + windowMs - epochMs + GRACE_SECONDS * 1000;
  }

  private static long toLong(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("unexpected rate-limit script reply element");
  }

  static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String sha1(String s) {
    return digest("SHA-1", s);
  }

  /**
   * The hash tag that names a client key in Redis: its category (the part before the first colon,
   * when it is a plain word such as {@code authentication}), then the first 128 bits of the SHA-256
   * of the whole key in hex. The address (or other value) after the category never reaches Redis
   * in clear, and the tag holds no brace, so a client's four keys share one Cluster slot.
   */
  public static String tag(String clientKey) {
    int colon = clientKey.indexOf(':');
    String category = colon > 0 ? clientKey.substring(0, colon) : "";
    boolean word = !category.isEmpty() && category.chars()
        .allMatch(c -> c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    return (word ? category + ":" : "") + sha256(clientKey).substring(0, 32);
  }

  static String sha256(String s) {
    return digest("SHA-256", s);
  }

  private static String digest(String algorithm, String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
