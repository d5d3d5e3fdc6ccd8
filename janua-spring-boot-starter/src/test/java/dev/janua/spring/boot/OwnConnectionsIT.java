package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthEngine;
import dev.janua.testing.PostgresService;
import dev.janua.testing.RedisService;
import dev.janua.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a DataSource bean or Spring's Redis settings, janua.database-url and janua.redis-url
 * give Janua connections of its own (the in-memory store otherwise).
 */
class OwnConnectionsIT {
  @Test
  void databaseUrlAndRedisUrl_installJdbcAndRedis_withTheirOwnConnections() {
    PostgresService pg = TestServices.postgres();
    RedisService redis = TestServices.redis();
    Runners.engine(Map.of()).withPropertyValues(
            "janua.database-url=" + pg.url(),
            "janua.database-schema=" + TestServices.freshSchema(OwnConnectionsIT.class),
            "janua.env.DATABASE_POOL_SIZE=2",
            "janua.env.JANUA_KEY_ENCRYPTION_KEY=amFudWEtdGVzdC1rZXktZW5jcnlwdGlvbi1rZXkhISE=",
            "janua.redis-url=" + redis.url(),
            "janua.redis-key-prefix=" + TestServices.freshKeyPrefix(OwnConnectionsIT.class),
            "janua.env.REDIS_POOL_SIZE=2")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean("januaJdbcPlugin").toString()).startsWith("JdbcPlugin[");
          assertThat(ctx.getBean("januaRedisPlugin").toString()).startsWith("RedisPlugin[");
          assertThat(ctx.getBean(AuthEngine.class).ready().checks())
              .containsEntry("database", "ok").containsEntry("redis", "ok");
        });
  }

  @Test
  void nothingConfigured_leavesTheInMemoryStore() {
    Runners.engine(Map.of()).run(ctx -> {
      assertThat(ctx.getBean("januaJdbcPlugin").toString()).startsWith("no plugin");
      assertThat(ctx.getBean("januaRedisPlugin").toString()).startsWith("no plugin");
      assertThat(ctx.getBean(AuthEngine.class).ready().checks())
          .doesNotContainKeys("database", "redis");
    });
  }
}
