package dev.janua.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The two Lua scripts of the invalidation bus. Both keys carry the hash tag {@code {invalidation}}
 * after the key prefix, so they live in one Cluster slot: {@code <prefix>{invalidation}:seq} (the
 * last sequence number) and {@code <prefix>{invalidation}:instances} (a sorted set of instance ids
 * scored by the Redis time, in milliseconds, of their last healthy heartbeat). Times are Redis's
 * own ({@code TIME}), so the instances' clocks do not matter.
 */
public final class BusScripts {
  /**
   * KEYS: seq, instances. ARGV: channel, message head, message tail, live window (ms). Numbers the
   * message, publishes it, and returns the number followed by the ids of the live instances.
   */
  static final String PUBLISH = String.join("\n",
      "local seq = redis.call('INCR', KEYS[1])",
      "redis.call('PUBLISH', ARGV[1], ARGV[2] .. seq .. ARGV[3])",
      "local t = redis.call('TIME')",
      "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
      "local out = redis.call('ZRANGEBYSCORE', KEYS[2], now - tonumber(ARGV[4]), '+inf')",
      "table.insert(out, 1, seq)",
      "return out");

  /**
   * KEYS: seq, instances. ARGV: instance id, register (1) or leave (0), forget after (ms). Returns
   * the last sequence number.
   */
  static final String HEARTBEAT = String.join("\n",
      "local t = redis.call('TIME')",
      "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
      "if ARGV[2] == '1' then",
      "  redis.call('ZADD', KEYS[2], now, ARGV[1])",
      "else",
      "  redis.call('ZREM', KEYS[2], ARGV[1])",
      "end",
      "redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))",
      "return tonumber(redis.call('GET', KEYS[1]) or '0')");

  private final byte[][] keys;
  private final byte[] channel;

  /**
   * @param keyPrefix the bus's key prefix, e.g. {@code janua:}
   * @param channel   the invalidation channel
   */
  public BusScripts(String keyPrefix, byte[] channel) {
    this.keys = new byte[][] {KeyCodec.utf8(seqKey(keyPrefix)),
        KeyCodec.utf8(instancesKey(keyPrefix))};
    this.channel = channel.clone();
  }

  /** The key holding the last sequence number. */
  public static String seqKey(String keyPrefix) {
    return keyPrefix + "{invalidation}:seq";
  }

  /** The key of the sorted set of live instances. */
  public static String instancesKey(String keyPrefix) {
    return keyPrefix + "{invalidation}:instances";
  }

  /** What {@link #publish} returns: the message's number and the live instances' ids. */
  public record Published(long seq, List<String> live) {}

  /** Numbers and publishes a message; {@code liveWindowMs}: how recent a live heartbeat is. */
  public Published publish(RedisClusterCommands<byte[], byte[]> cmd, InvalidationMessage message,
      long liveWindowMs) {
    byte[][] args = {channel, utf8(InvalidationMessage.HEAD), utf8(message.tail()),
        utf8(Long.toString(liveWindowMs))};
    List<Object> out = cmd.eval(PUBLISH, ScriptOutputType.MULTI, keys, args);
    if (out == null || out.isEmpty() || !(out.get(0) instanceof Number n)) {
      throw new IllegalStateException("unexpected bus publish script reply");
    }
    List<String> live = new ArrayList<>(out.size() - 1);
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i) instanceof byte[] b) {
        live.add(new String(b, StandardCharsets.UTF_8));
      }
    }
    return new Published(n.longValue(), live);
  }

  /** One heartbeat: registers (or removes) the instance and answers the last sequence number. */
  public CompletionStage<Long> heartbeat(RedisClusterAsyncCommands<byte[], byte[]> cmd,
      String instanceId, boolean register, long forgetAfterMs) {
    byte[][] args = {utf8(instanceId), utf8(register ? "1" : "0"),
        utf8(Long.toString(forgetAfterMs))};
    return cmd.<Long>eval(HEARTBEAT, ScriptOutputType.INTEGER, keys, args);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
