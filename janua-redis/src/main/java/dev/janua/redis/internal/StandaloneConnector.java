package dev.janua.redis.internal;

import dev.janua.redis.RedisConnectionConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** One Redis server, addressed directly or through Sentinel. */
final class StandaloneConnector extends RedisConnector {
  private final @Nullable ClientResources ownedResources;
  private final RedisClient client;
  private final RedisURI uri;
  private final List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  StandaloneConnector(RedisConnectionConfig config, RedisURI uri, ClientResources resources,
      @Nullable ClientResources ownedResources,
      String redacted) {
    super(redacted);
    this.ownedResources = ownedResources;
    this.uri = uri;
    this.client = RedisClient.create(resources, uri);
    client.setOptions(configure(ClientOptions.builder(), config).build());
    try {
      for (int i = 0; i < config.poolSize(); i++) {
        connections.add(client.connect(ByteArrayCodec.INSTANCE));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private StatefulRedisConnection<byte[], byte[]> nextConnection() {
    return connections.get(Math.floorMod(next.getAndIncrement(), connections.size()));
  }

  @Override
  public RedisClusterCommands<byte[], byte[]> sync() {
    return nextConnection().sync();
  }

  @Override
  public RedisClusterAsyncCommands<byte[], byte[]> async() {
    return nextConnection().async();
  }

  @Override
  public long scanAndUnlink(byte[] pattern, int batchSize) {
    // One connection for the whole scan: the cursor belongs to one server.
    RedisCommands<byte[], byte[]> cmd = nextConnection().sync();
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(batchSize);
    long removed = 0;
    KeyScanCursor<byte[]> cursor = cmd.scan(args);
    while (true) {
      List<byte[]> keys = cursor.getKeys();
      if (!keys.isEmpty()) {
        Long n = cmd.unlink(keys.toArray(new byte[0][]));
        removed += n == null ? 0 : n;
      }
      if (cursor.isFinished()) {
        return removed;
      }
      cursor = cmd.scan(cursor, args);
    }
  }

  @Override
  public StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub() {
    return client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
  }

  @Override
  public boolean isConnected() {
    return allOpen(connections);
  }

  @Override
  public void close() {
    closeAll(connections, client, ownedResources);
  }
}
