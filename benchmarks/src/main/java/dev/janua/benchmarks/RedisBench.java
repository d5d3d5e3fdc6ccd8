package dev.janua.benchmarks;

import dev.janua.AuthEngine;
import dev.janua.cache.RemoteCache;
import dev.janua.redis.RedisConnectionConfig;
import dev.janua.redis.RedisPlugin;
import dev.janua.redis.RedisRateLimitStore;
import dev.janua.redis.RedisRemoteCache;
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
 * The Redis side of a Redis benchmark: Janua's Redis tier and limiter as {@link RedisPlugin}
 * installs them (an engine owns the connections), under a fresh key prefix, and a bare Lettuce
 * client and connection to the same server for the floors and peers. Cleans its keys up on close.
 */
final class RedisBench implements AutoCloseable {
  final String prefix = Services.freshSchema("janua-bench") + ":";
  final AuthEngine engine;
  final RedisRemoteCache remoteCache;
  final RedisRateLimitStore rateLimitStore;
  final RedisClient client;
  final StatefulRedisConnection<byte[], byte[]> bytes;

  RedisBench() {
    String url = Services.redisUrl();
    RedisRemoteCache[] remote = new RedisRemoteCache[1];
    RedisRateLimitStore[] limiter = new RedisRateLimitStore[1];
    engine = AuthEngine.builder()
        .install(RedisPlugin.of(RedisConnectionConfig.builder().url(url).keyPrefix(prefix).build()))
        .install(ctx -> ctx.whenAssembled(() -> {
          remote[0] = (RedisRemoteCache) ctx.find(RemoteCache.class).orElseThrow();
          limiter[0] = ctx.find(RedisRateLimitStore.class).orElseThrow();
        }))
        .build();
    remoteCache = remote[0];
    rateLimitStore = limiter[0];
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
      engine.close();
    }
  }
}
