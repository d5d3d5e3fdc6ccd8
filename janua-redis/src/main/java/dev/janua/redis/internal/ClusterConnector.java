package dev.janua.redis.internal;

import dev.janua.redis.RedisConnectionConfig;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** A Redis Cluster: keys routed by slot, SCAN run on every master. */
final class ClusterConnector extends RedisConnector {
  private final @Nullable ClientResources ownedResources;
  private final RedisClusterClient client;
  private final List<StatefulRedisClusterConnection<byte[], byte[]>> connections =
      new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  ClusterConnector(RedisConnectionConfig config, List<RedisURI> seeds, ClientResources resources,
      @Nullable ClientResources ownedResources,
      String redacted) {
    super(redacted);
    this.ownedResources = ownedResources;
    this.client = RedisClusterClient.create(resources, seeds);
    client.setOptions(configure(ClusterClientOptions.builder(), config)
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            .enablePeriodicRefresh(Duration.ofMinutes(1))
            .build())
        .build());
    try {
      for (int i = 0; i < config.poolSize(); i++) {
        StatefulRedisClusterConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
        connections.add(c);
        warmUp(c);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens the connection to every master now. With REJECT_COMMANDS, Lettuce rejects a command
   * whose node connection is still being established, so without this the first command to each
   * node would fail. (A node connection that drops later is reconnected by Lettuce; commands sent
   * meanwhile are rejected at once, which is what the circuit breakers want.)
   */
  private static void warmUp(StatefulRedisClusterConnection<byte[], byte[]> c) {
    for (RedisClusterNode node : c.getPartitions()) {
      if (node.getRole() != null && node.getRole().isUpstream() && node.getUri() != null) {
        c.getConnection(node.getUri().getHost(), node.getUri().getPort());
      }
    }
  }

  private StatefulRedisClusterConnection<byte[], byte[]> nextConnection() {
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
    StatefulRedisClusterConnection<byte[], byte[]> conn = nextConnection();
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(batchSize);
    long removed = 0;
    for (RedisClusterNode node : conn.getPartitions()) {
      if (node.getRole() == null || !node.getRole().isUpstream()) {
        continue;
      }
      RedisCommands<byte[], byte[]> nodeCmd = conn.getConnection(node.getNodeId()).sync();
      KeyScanCursor<byte[]> cursor = nodeCmd.scan(args);
      while (true) {
        List<byte[]> keys = cursor.getKeys();
        if (!keys.isEmpty()) {
          // The cluster connection splits a multi-key UNLINK by slot (no CROSSSLOT error).
          Long n = conn.sync().unlink(keys.toArray(new byte[0][]));
          removed += n == null ? 0 : n;
        }
        if (cursor.isFinished()) {
          break;
        }
        cursor = nodeCmd.scan(cursor, args);
      }
    }
    return removed;
  }

  @Override
  public StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub() {
    // Classic PUBLISH reaches every node of a Cluster, so one subscription anywhere suffices.
    return client.connectPubSub(ByteArrayCodec.INSTANCE);
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
