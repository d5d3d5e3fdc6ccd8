package dev.janua.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@link PostgresService} and {@link RedisService} read and print their URLs. */
class ServiceUrlTest {

  @Test
  void postgres_guideForm_splitsCredentials() {
    PostgresService pg = PostgresService.parse("postgresql://app:p%40ss@db.local:6543/janua?sslmode=require");
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/janua?sslmode=require");
    assertThat(pg.username()).isEqualTo("app");
    assertThat(pg.password()).isEqualTo("p@ss");
    assertThat(pg.host()).isEqualTo("db.local");
    assertThat(pg.port()).isEqualTo(6543);
    assertThat(pg.database()).isEqualTo("janua");
    assertThat(pg.url()).isEqualTo("postgresql://app:p%40ss@db.local:6543/janua?sslmode=require");
  }

  @Test
  void postgres_otherForms() {
    assertThat(PostgresService.parse("postgres://u@h/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h/d");
    assertThat(PostgresService.parse("postgresql+asyncpg://u:p@h:1/d").password()).isEqualTo("p");
    PostgresService jdbc = PostgresService.parse("jdbc:postgresql://127.0.0.1/test");
    assertThat(jdbc.username()).isNull();
    assertThat(jdbc.password()).isNull();
    assertThat(jdbc.port()).isEqualTo(5432);
    assertThat(jdbc.url()).isEqualTo("postgresql://127.0.0.1/test");
    PostgresService v6 = PostgresService.parse("postgresql://u@[::1]:5433/test");
    assertThat(v6.host()).isEqualTo("[::1]");
    assertThat(v6.port()).isEqualTo(5433);
    assertThat(PostgresService.parse("postgresql://u@[::1]/test").port()).isEqualTo(5432);
    assertThat(PostgresService.parse("postgresql://u@a:1,b:2/test").host()).isEqualTo("a");
    assertThat(PostgresService.parse("postgresql://u:p+q@h/d").password()).isEqualTo("p+q");
  }

  @Test
  void postgres_notAPostgresUrl_rejectedWithoutQuotingIt() {
    assertThatThrownBy(() -> PostgresService.parse("mysql://root:s3cret@db/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void postgres_toString_neverShowsThePassword() {
    assertThat(PostgresService.parse("postgresql://app:s3cret@h/d").toString())
        .contains("app").doesNotContain("s3cret");
    assertThat(PostgresService.parse("jdbc:postgresql://h/d?user=app&password=s3cret").toString())
        .contains("password=****").doesNotContain("s3cret");
  }

  @Test
  void redis_hostAndPort_ofEveryForm() {
    RedisService plain = RedisService.of("redis://127.0.0.1:6380/0", "test");
    assertThat(plain.host()).isEqualTo("127.0.0.1");
    assertThat(plain.port()).isEqualTo(6380);
    RedisService auth = RedisService.of("rediss://:s3cret@cache.local/2", "test");
    assertThat(auth.host()).isEqualTo("cache.local");
    assertThat(auth.port()).isEqualTo(6379);
    assertThat(auth.toString()).doesNotContain("s3cret");
    RedisService sentinel = RedisService.of("redis-sentinel://s1:26379,s2:26379/0#mymaster", "test");
    assertThat(sentinel.host()).isEqualTo("s1");
    assertThat(sentinel.port()).isEqualTo(26379);
    assertThat(RedisService.of("redis://[::1]:6390", "test").host()).isEqualTo("[::1]");
    assertThatThrownBy(() -> RedisService.of("127.0.0.1:6379", "test"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
