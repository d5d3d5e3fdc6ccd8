package dev.janua.benchmarks;

import dev.janua.redis.RedisConnectionConfig;
import dev.janua.redis.RedisJanua;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Redis side of a Redis benchmark: Janua's client under a fresh key prefix, and a bare Lettuce
 * client and connection to the same server for the floors and peers. Cleans its keys up on close.
 */
final class RedisBench implements AutoCloseable {
  final String prefix = Services.freshSchema("janua-bench") + ":";
  final RedisJanua janua;
  final RedisClient client;
  final StatefulRedisConnection<byte[], byte[]> bytes;

  RedisBench() {
    String url = Services.redisUrl();
    janua = RedisJanua.connect(RedisConnectionConfig.builder().url(url).keyPrefix(prefix).build());
    client = RedisClient.create(RedisURI.create(url));
    bytes = client.connect(ByteArrayCodec.INSTANCE);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
      do {
        KeyScanCursor<byte[]> page = bytes.sync().scan(cursor, match);
        List<byte[]> keys = page.getKeys();
        if (!keys.isEmpty()) {
          bytes.sync().del(keys.toArray(new byte[0][]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      bytes.close();
      client.shutdown();
      janua.close();
    }
  }
}
