package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real 3-master Redis Cluster that this test starts on free loopback ports and
 * stops afterwards; the seed URL is the guide's comma list of nodes.
 */
class ClusterRedisIT extends RedisContract {
  private RedisProcesses processes;
  private final List<Integer> ports = new ArrayList<>();

  @Override
  protected RedisConnectionConfig.Builder startRedis() {
    processes = new RedisProcesses("cluster");
    for (int i = 0; i < 3; i++) {
      int port = RedisProcesses.freePort();
      processes.startClusterNode(port);
      ports.add(port);
    }
    processes.createCluster(ports);
    return RedisConnectionConfig.builder().url("redis://127.0.0.1:" + ports.get(0)
        + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2));
  }

  @Override
  protected void stopRedis() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void deleteByPrefix_keysOnEveryMaster_scansEachMaster() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 300; i++) {
      a.remoteCache().put("spread" + u + ":" + i, "x".getBytes(StandardCharsets.UTF_8),
          Duration.ofMinutes(5));
    }
    for (int port : ports) {
      Object n = RespClient.tryCall(port, "DBSIZE");
      assertThat(n).as("keys on the master at port %d", port).isInstanceOf(Long.class);
      assertThat((Long) n).isPositive();
    }
    assertThat(a.remoteCache().deleteByPrefix("spread" + u + ":")).isEqualTo(300);
  }

  @Test
  void connect_commaListOfNodes_isACluster() {
    assertThat(a.config().endpoint().kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
  }
}
