package dev.janua.redis;

/** The contract on the shared single Redis (JANUA_TEST_REDIS_URL or 127.0.0.1:6379). */
class StandaloneRedisIT extends RedisContract {
  @Override
  protected RedisConnectionConfig.Builder startRedis() {
    return RedisConnectionConfig.builder().url(RedisTestSupport.sharedUrl());
  }
}
