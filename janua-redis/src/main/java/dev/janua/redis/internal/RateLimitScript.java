package dev.janua.redis.internal;

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
 * The fixed-window limiter as one Lua script: reads the minute and the hour counter, admits only
 * when both have room, then increments both (setting their expiry on creation) and returns
 * {@code {admitted, minuteCount, hourCount}}. Run by EVALSHA, falling back to EVAL when the server
 * does not know the script (NOSCRIPT, e.g. after a restart or failover). Both keys carry the same
 * hash tag, so on a Cluster they live in one slot and the script runs on one node.
 */
public final class RateLimitScript {
  /** The script; KEYS = minute key, hour key; ARGV = per minute, per hour, minute TTL, hour TTL. */
  public static final String SOURCE = String.join("\n",
      "local m = tonumber(redis.call('GET', KEYS[1]) or '0')",
      "local h = tonumber(redis.call('GET', KEYS[2]) or '0')",
      "if m < tonumber(ARGV[1]) and h < tonumber(ARGV[2]) then",
      "  m = redis.call('INCR', KEYS[1])",
      "  if m == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end",
      "  h = redis.call('INCR', KEYS[2])",
      "  if h == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end",
      "  return {1, m, h}",
      "end",
      "return {0, m, h}");

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
   * The two counter keys of a client key for the windows containing {@code epochSecond}:
   * {@code <prefix>rl:{<key>}:m:<minute>} and {@code <prefix>rl:{<key>}:h:<hour>}. When the
   * client key itself contains a brace, the hash tag is its SHA-256 instead, so that both keys
   * still share one tag.
   */
  public String[] keys(String clientKey, long epochSecond) {
    String tag = clientKey.indexOf('{') >= 0 || clientKey.indexOf('}') >= 0
        ? "sha256:" + sha256(clientKey) : clientKey;
    String base = keyPrefix + "rl:{" + tag + "}:";
    return new String[] {
        base + "m:" + Math.floorDiv(epochSecond, 60),
        base + "h:" + Math.floorDiv(epochSecond, 3600)};
  }

  /**
   * Runs one decision.
   *
   * @return {admitted (1 or 0), minute count, hour count}
   */
  public long[] run(RedisClusterCommands<byte[], byte[]> cmd, String clientKey, int perMinute,
      int perHour, long epochSecond) {
    String[] k = keys(clientKey, epochSecond);
    byte[][] keys = {KeyCodec.utf8(k[0]), KeyCodec.utf8(k[1])};
    long minuteTtl = (Math.floorDiv(epochSecond, 60) + 1) * 60 - epochSecond + GRACE_SECONDS;
    long hourTtl = (Math.floorDiv(epochSecond, 3600) + 1) * 3600 - epochSecond + GRACE_SECONDS;
    byte[][] args = {
        ascii(perMinute), ascii(perHour), ascii(minuteTtl), ascii(hourTtl)};
    List<Object> out;
    try {
      out = cmd.evalsha(SHA1, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      out = cmd.eval(SOURCE, ScriptOutputType.MULTI, keys, args);
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
        throw e;
      }
      out = cmd.eval(SOURCE, ScriptOutputType.MULTI, keys, args);
    }
    if (out == null || out.size() != 3) {
      throw new IllegalStateException("unexpected rate-limit script reply");
    }
    return new long[] {toLong(out.get(0)), toLong(out.get(1)), toLong(out.get(2))};
  }

  private static long toLong(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("unexpected rate-limit script reply element");
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String sha1(String s) {
    return digest("SHA-1", s);
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
