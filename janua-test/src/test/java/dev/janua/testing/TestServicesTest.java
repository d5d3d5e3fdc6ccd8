package dev.janua.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The discovery chain, step by step: the environment's URL, the local service, Testcontainers (a
 * stand-in here), and the failure. The first tests use the real chain against the services of the
 * machine that runs the build.
 */
class TestServicesTest {

  /** A Docker step that says why it cannot run, and counts attempts to start a container. */
  private static final class FakeDocker implements TestServices.Docker {
    final String problem;
    final AtomicInteger started = new AtomicInteger();

    FakeDocker(String problem) {
      this.problem = problem;
    }

    @Override
    public String problem() {
      return problem;
    }

    @Override
    public PostgresService startPostgres() {
      started.incrementAndGet();
      return PostgresService.parse("jdbc:postgresql://127.0.0.1:49153/test", "fake container")
          .withCredentials("test", "test");
    }

    @Override
    public RedisService startRedis() {
      started.incrementAndGet();
      return RedisService.of("redis://127.0.0.1:49154/0", "fake container");
    }
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void postgres_realChain_answersAndIsRememberedForTheJvm() throws Exception {
    PostgresService pg = TestServices.postgres();
    assertThat(TestServices.postgres()).isSameAs(pg);
    try (Connection c = pg.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(pg.url()).startsWith("postgresql://");
    assertThat(PostgresService.parse(pg.url()).jdbcUrl()).isEqualTo(pg.jdbcUrl());
  }

  @Test
  void redis_realChain_answersAndIsRememberedForTheJvm() {
    RedisService redis = TestServices.redis();
    assertThat(TestServices.redis()).isSameAs(redis);
    assertThat(redis.problem()).isNull();
    assertThat(redis.url()).startsWith("redis");
  }

  @Test
  void findPostgres_variableSet_usesItEvenWhenTheLocalOneAnswers() {
    FakeDocker docker = new FakeDocker(null);
    PostgresService pg = TestServices.findPostgres(
        Map.of(TestServices.DATABASE_URL_VARIABLE, " " + TestServices.LOCAL_DATABASE_URL + " "),
        "postgresql://postgres@127.0.0.1:1/never", docker);
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(pg.username()).isEqualTo("postgres");
    assertThat(pg.toString()).contains(TestServices.DATABASE_URL_VARIABLE);
    assertThat(docker.started).hasValue(0);
  }

  @Test
  void findPostgres_variableSetButNothingAnswers_failsWithoutFallingBack() throws IOException {
    FakeDocker docker = new FakeDocker(null);
    String url = "postgresql://app:s3cret@127.0.0.1:" + closedPort() + "/test";
    assertThatThrownBy(() -> TestServices.findPostgres(
        Map.of(TestServices.DATABASE_URL_VARIABLE, url), TestServices.LOCAL_DATABASE_URL, docker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not answer")
        .hasMessageContaining("Fix " + TestServices.DATABASE_URL_VARIABLE)
        .hasMessageNotContaining("s3cret");
    assertThat(docker.started).hasValue(0);
  }

  @Test
  void findPostgres_variableNotAUrl_failsWithoutQuotingIt() {
    assertThatThrownBy(() -> TestServices.findPostgres(
        Map.of(TestServices.DATABASE_URL_VARIABLE, "mysql://root:s3cret@db/x"),
        TestServices.LOCAL_DATABASE_URL, new FakeDocker(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a PostgreSQL URL")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void findPostgres_noVariable_localAnswers_usesIt() {
    FakeDocker docker = new FakeDocker(null);
    PostgresService pg = TestServices.findPostgres(Map.of(TestServices.DATABASE_URL_VARIABLE, " "),
        TestServices.LOCAL_DATABASE_URL, docker);
    assertThat(pg.url()).isEqualTo(TestServices.LOCAL_DATABASE_URL);
    assertThat(pg.toString()).contains("local service");
    assertThat(docker.started).hasValue(0);
  }

  @Test
  void findPostgres_noLocal_dockerAnswers_startsAContainer() throws IOException {
    FakeDocker docker = new FakeDocker(null);
    PostgresService pg = TestServices.findPostgres(Map.of(),
        "postgresql://postgres@127.0.0.1:" + closedPort() + "/test", docker);
    assertThat(docker.started).hasValue(1);
    assertThat(pg.port()).isEqualTo(49153);
    assertThat(pg.toString()).contains("fake container");
    assertThat(pg.password()).isEqualTo("test");
  }

  @Test
  void findPostgres_nothing_failsSayingWhatWasTriedAndWhatToDo() throws IOException {
    int port = closedPort();
    assertThatThrownBy(() -> TestServices.findPostgres(Map.of(),
        "postgresql://postgres@127.0.0.1:" + port + "/test", new FakeDocker("no Docker engine answers")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No PostgreSQL for the tests")
        .hasMessageContaining(TestServices.DATABASE_URL_VARIABLE + " is not set")
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("Testcontainers: no Docker engine answers")
        .hasMessageContaining("Set " + TestServices.DATABASE_URL_VARIABLE)
        .hasMessageContaining("run PostgreSQL on 127.0.0.1:5432 with a database 'test'")
        .hasMessageContaining(TestServices.POSTGRES_IMAGE);
  }

  @Test
  void findRedis_variableSet_usesIt() {
    RedisService redis = TestServices.findRedis(
        Map.of(TestServices.REDIS_URL_VARIABLE, TestServices.LOCAL_REDIS_URL), "redis://127.0.0.1:1/0",
        new FakeDocker(null));
    assertThat(redis.url()).isEqualTo(TestServices.LOCAL_REDIS_URL);
    assertThat(redis.toString()).contains(TestServices.REDIS_URL_VARIABLE);
  }

  @Test
  void findRedis_variableSetButNothingAnswers_failsWithoutFallingBack() throws IOException {
    FakeDocker docker = new FakeDocker(null);
    assertThatThrownBy(() -> TestServices.findRedis(
        Map.of(TestServices.REDIS_URL_VARIABLE, "redis://:s3cret@127.0.0.1:" + closedPort() + "/0"),
        TestServices.LOCAL_REDIS_URL, docker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not answer")
        .hasMessageContaining("Fix " + TestServices.REDIS_URL_VARIABLE)
        .hasMessageNotContaining("s3cret");
    assertThat(docker.started).hasValue(0);
  }

  @Test
  void findRedis_noVariable_localAnswersPing_usesIt() {
    RedisService redis = TestServices.findRedis(Map.of(), TestServices.LOCAL_REDIS_URL, new FakeDocker(null));
    assertThat(redis.url()).isEqualTo(TestServices.LOCAL_REDIS_URL);
  }

  @Test
  void findRedis_somethingElseOnThePort_isNotRedis() throws Exception {
    // PostgreSQL's port answers TCP but not PING.
    FakeDocker docker = new FakeDocker("no Docker engine answers");
    assertThatThrownBy(() -> TestServices.findRedis(Map.of(), "redis://127.0.0.1:5432/0", docker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Redis for the tests");
  }

  @Test
  void findRedis_noLocal_dockerAnswers_startsAContainer() throws IOException {
    FakeDocker docker = new FakeDocker(null);
    RedisService redis = TestServices.findRedis(Map.of(), "redis://127.0.0.1:" + closedPort() + "/0", docker);
    assertThat(docker.started).hasValue(1);
    assertThat(redis.port()).isEqualTo(49154);
  }

  @Test
  void findRedis_nothing_failsSayingWhatWasTriedAndWhatToDo() throws IOException {
    int port = closedPort();
    assertThatThrownBy(() -> TestServices.findRedis(Map.of(), "redis://127.0.0.1:" + port + "/0",
        new FakeDocker("the Docker host 10.0.0.5 is not a loopback address")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Redis for the tests")
        .hasMessageContaining(TestServices.REDIS_URL_VARIABLE + " is not set")
        .hasMessageContaining("redis://127.0.0.1:" + port + "/0")
        .hasMessageContaining("Testcontainers: the Docker host 10.0.0.5 is not a loopback address")
        .hasMessageContaining("run redis-server on 127.0.0.1:6379")
        .hasMessageContaining(TestServices.REDIS_IMAGE);
  }

  @Test
  void freshNames_areUniqueAndNeedNoQuoting() {
    String a = TestServices.freshSchema(TestServicesTest.class);
    String b = TestServices.freshSchema(TestServicesTest.class);
    assertThat(a).matches("it_testservicestest_[0-9a-f]{8}").isNotEqualTo(b);
    assertThat(TestServices.freshKeyPrefix(TestServicesTest.class))
        .matches("janua-test:TestServicesTest:[0-9a-f]{8}:");
  }

  @Test
  void isLoopback() {
    assertThat(TestServices.isLoopback("127.0.0.1")).isTrue();
    assertThat(TestServices.isLoopback("127.3.4.5")).isTrue();
    assertThat(TestServices.isLoopback("localhost")).isTrue();
    assertThat(TestServices.isLoopback("[::1]")).isTrue();
    assertThat(TestServices.isLoopback("::1")).isTrue();
    assertThat(TestServices.isLoopback("10.0.0.5")).isFalse();
    assertThat(TestServices.isLoopback("db.example.com")).isFalse();
    assertThat(TestServices.isLoopback(null)).isFalse();
  }
}
