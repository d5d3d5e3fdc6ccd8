package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end suite on PostgreSQL + Redis: {@code DATABASE_URL} and {@code REDIS_URL} set, as
 * an operator would. A fresh schema and key prefix per run; the schema is dropped afterwards.
 * Finds the services through {@link TestServices}: {@code JANUA_TEST_DATABASE_URL} / {@code
 * JANUA_TEST_REDIS_URL}, else the local defaults, else Testcontainers when a Docker engine answers;
 * fails (never skips) when none does. {@code ready_redisKilled_503WhileHealthStays200} starts its
 * own redis-server, which must be on the PATH.
 */
class PostgresRedisExampleServerIT extends ExampleServerSuite {
  private final String schema = "ex_it_" + UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "janua-example-it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private String databaseUrl;
  private String redisUrl;

  @Override
  protected Map<String, String> backendEnvironment() {
    databaseUrl = TestServices.databaseUrl();
    redisUrl = TestServices.redisUrl();
    return Map.of(
        "DATABASE_URL", databaseUrl,
        "DATABASE_SCHEMA", schema,
        "DATABASE_POOL_SIZE", "1",
        "JANUA_KEY_ENCRYPTION_KEY", dev.janua.testing.Fixtures.KEY_ENCRYPTION_KEY,
        "DATABASE_MAX_OVERFLOW", "5",
        "REDIS_URL", redisUrl,
        "REDIS_POOL_SIZE", "2",
        "REDIS_KEY_PREFIX", prefix);
  }

  @Override
  protected void releaseBackend() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redisUrl);
    try (var connection = client.connect()) {
      var keys = connection.sync().keys(prefix + "*");
      if (!keys.isEmpty()) {
        connection.sync().del(keys.toArray(new String[0]));
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void ready_reportsDatabaseAndRedis() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(baseUrl() + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode checks = new ObjectMapper().readTree(r.body()).path("checks");
    assertThat(checks.path("database").asText()).isEqualTo("ok");
    assertThat(checks.path("redis").asText()).isEqualTo("ok");
  }

  @Test
  void backend_usersLandInTheFreshSchema() throws Exception {
    new Client().signup("pg-" + UUID.randomUUID() + "@example.com", null);
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".users")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
    }
  }

  @Test
  void ready_redisKilled_503WhileHealthStays200() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process redis;
    try {
      redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
          "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      redis = fail("this test starts its own redis-server (killed mid-test) and needs redis-server "
          + "on the PATH; JANUA_TEST_REDIS_URL and Testcontainers do not stand in for it. Cause: "
          + e.getMessage(), e);
    }
    try {
      awaitRedis(port);
      Map<String, String> env = new java.util.HashMap<>();
      env.put("HOST", "127.0.0.1");
      env.put("PORT", "0");
      env.put("BCRYPT_ROUNDS", "4");
      env.put("REDIS_URL", "redis://127.0.0.1:" + port + "/0");
      env.put("REDIS_POOL_SIZE", "1");
      env.put("REDIS_HEALTH_TIMEOUT_MS", "300");
      env.put("READY_CHECK_TIMEOUT_MS", "1000");
      try (JanuaExampleServer second = JanuaExampleServer.start(env)) {
        HttpClient client = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + second.port() + "/ready");
        URI health = URI.create("http://127.0.0.1:" + second.port() + "/health");
        assertThat(client.send(HttpRequest.newBuilder(ready).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        redis.destroy();
        redis.waitFor();
        HttpResponse<String> down = client.send(HttpRequest.newBuilder(ready).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(down.body());
        assertThat(body.path("status").asText()).isEqualTo("not_ready");
        assertThat(body.path("checks").path("redis").asText()).isNotEqualTo("ok");
        assertThat(client.send(HttpRequest.newBuilder(health).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      }
    } finally {
      redis.destroyForcibly();
      redis.waitFor();
    }
  }

  private static void awaitRedis(int port) throws Exception {
    // Polls the fresh redis-server until it accepts connections (a process start, not a timing
    // assertion: the loop ends as soon as it answers).
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          fail("redis-server on port " + port + " did not start");
        }
        Thread.onSpinWait();
      }
    }
  }

  private Connection connect() throws Exception {
    return TestServices.connect(databaseUrl);
  }
}
