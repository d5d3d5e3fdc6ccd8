package dev.janua.redis.internal;

import dev.janua.spi.FailureLockRule;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;

/**
 * The failure lock of {@code dev.janua.internal.FailureLocks} (the per-account signin throttle) on
 * Redis: one hash per key, {@code <prefix>fl:{<key>}} with fields {@code n} (failures), {@code u}
 * (locked until, epoch ms) and {@code e} (state forgotten at, epoch ms). Counting a failure is one
 * Lua script (one round trip, atomic), with the same arithmetic as the local store and the
 * engine's clock ({@code now} passed in); reading the lock is one {@code HMGET}. The key expires
 * with its state (plus a grace for clock skew). Keys are digests the engine made, never an email.
 */
public final class FailureLockScript {
  /** KEYS = the state hash; ARGV = now, threshold, window ms, base lock ms, grace ms. */
  public static final String SOURCE = String.join("\n",
      "local now = tonumber(ARGV[1])",
      "local t = tonumber(ARGV[2])",
      "local w = tonumber(ARGV[3])",
      "local base = tonumber(ARGV[4])",
      "local v = redis.call('HMGET', KEYS[1], 'n', 'u', 'e')",
      "local n = tonumber(v[1] or '0')",
      "local u = tonumber(v[2] or '0')",
      "local e = tonumber(v[3] or '0')",
      "if e <= now then n = 0; u = 0; e = now + w end",
      "n = n + 1",
      "if n >= t then",
      "  local shift = n - t",
      "  if shift > 40 then shift = 40 end",
      "  local lock = base * (2 ^ shift)",
      "  if lock > w then lock = w end",
      "  if now + lock > u then u = now + lock end",
      "  if u + w > e then e = u + w end",
      "end",
      "redis.call('HSET', KEYS[1], 'n', string.format('%.0f', n), 'u', string.format('%.0f', u),"
          + " 'e', string.format('%.0f', e))",
      "redis.call('PEXPIRE', KEYS[1], string.format('%.0f', e - now + tonumber(ARGV[5])))",
      "return {n, u, e}");

  private static final String SHA1 = RateLimitScript.sha1(SOURCE);
  private static final long GRACE_MS = RateLimitScript.GRACE_SECONDS * 1000;

  private final String keyPrefix;

  /** A script over keys under {@code keyPrefix + "fl:"}. */
  public FailureLockScript(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** The Redis key of a lock key. A brace in it is replaced so the hash tag stays whole. */
  public String key(String lockKey) {
    String tag = lockKey.indexOf('{') >= 0 || lockKey.indexOf('}') >= 0
        ? "sha256:" + RateLimitScript.sha256(lockKey) : lockKey;
    return keyPrefix + "fl:{" + tag + "}";
  }

  /**
   * Counts one failure.
   *
   * @return {failures, locked until (epoch ms, may be past), forgotten at (epoch ms)}
   */
  public long[] fail(RedisClusterCommands<byte[], byte[]> cmd, String lockKey,
      FailureLockRule rule, long epochMs) {
    byte[][] keys = {KeyCodec.utf8(key(lockKey))};
    byte[][] args = {RateLimitScript.ascii(epochMs), RateLimitScript.ascii(rule.threshold()),
        RateLimitScript.ascii(rule.windowMs()), RateLimitScript.ascii(rule.baseLockMs()),
        RateLimitScript.ascii(GRACE_MS)};
    return RateLimitScript.eval(cmd, SHA1, SOURCE, keys, args, 3);
  }

  /**
   * Reads a lock: one HMGET.
   *
   * @return {locked until, forgotten at}, both 0 when the key has no state
   */
  public long[] read(RedisClusterCommands<byte[], byte[]> cmd, String lockKey) {
    List<io.lettuce.core.KeyValue<byte[], byte[]>> v = cmd.hmget(KeyCodec.utf8(key(lockKey)),
        KeyCodec.utf8("u"), KeyCodec.utf8("e"));
    return new long[] {number(v.get(0)), number(v.get(1))};
  }

  private static long number(io.lettuce.core.KeyValue<byte[], byte[]> kv) {
    if (!kv.hasValue()) {
      return 0;
    }
    return Long.parseLong(new String(kv.getValue(), java.nio.charset.StandardCharsets.US_ASCII));
  }
}
