package dev.janua.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The contract through Redis Sentinel: a master and one Sentinel monitoring it, started by this
 * test on free loopback ports; the URL is {@code redis+sentinel://127.0.0.1:S/mymaster/0}.
 */
class SentinelRedisIT extends RedisContract {
  private RedisProcesses processes;

  @Override
  protected RedisConnectionConfig.Builder startRedis() {
    processes = new RedisProcesses("sentinel");
    int masterPort = RedisProcesses.freePort();
    processes.startServer(masterPort);
    int sentinelPort = RedisProcesses.freePort();
    processes.startSentinel(sentinelPort, masterPort);
    return RedisConnectionConfig.builder()
        .url("redis+sentinel://127.0.0.1:" + sentinelPort + "/mymaster/0");
  }

  @Override
  protected void stopRedis() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void connect_sentinelUrl_isASentinelEndpoint() {
    assertThat(a.config().endpoint().kind()).isEqualTo(RedisEndpoint.Kind.SENTINEL);
    assertThat(a.config().endpoint().sentinelMaster()).hasValue("mymaster");
  }
}
