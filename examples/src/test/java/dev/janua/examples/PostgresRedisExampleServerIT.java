package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end suite on PostgreSQL + Redis: {@code DATABASE_URL} and {@code REDIS_URL} set, as
 * an operator would. A fresh schema and key prefix per run; the schema is dropped afterwards.
 * Finds the services through {@code JANUA_TEST_DATABASE_URL} / {@code JANUA_TEST_REDIS_URL}, else
 * the local defaults; fails (never skips) when they do not answer.
 */
class PostgresRedisExampleServerIT extends ExampleServerSuite {
  private static final String LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test";
  private static final String LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0";

  private final String schema = "ex_it_" + UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "janua-example-it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private String databaseUrl;
  private String redisUrl;

  @Override
  protected Map<String, String> backendEnvironment() {
    databaseUrl = env("JANUA_TEST_DATABASE_URL", LOCAL_DATABASE_URL);
    redisUrl = env("JANUA_TEST_REDIS_URL", LOCAL_REDIS_URL);
    requireLoopback(databaseUrl);
    requireLoopback(redisUrl);
    requirePostgres();
    requireRedis(URI.create(redisUrl.replaceFirst("^rediss?://", "http://")));
    return Map.of(
        "DATABASE_URL", databaseUrl,
        "DATABASE_SCHEMA", schema,
        "DATABASE_POOL_SIZE", "1",
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
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v.strip();
  }

  private static void requireLoopback(String url) {
    String host = URI.create(url.replaceFirst("^[a-z+]+://", "http://")).getHost();
    if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
      fail("integration tests only target loopback addresses, got " + host);
    }
  }

  private Connection connect() throws Exception {
    URI u = URI.create(databaseUrl.replaceFirst("^[a-z+]+://", "http://"));
    String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":", 2)[0];
    String password = u.getUserInfo() == null || !u.getUserInfo().contains(":") ? null
        : u.getUserInfo().split(":", 2)[1];
    return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":"
        + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath() + "?connectTimeout=3", user, password);
  }

  private void requirePostgres() {
    try (Connection c = connect()) {
      c.isValid(3);
    } catch (Exception e) {
      fail("No PostgreSQL for the example's integration tests: set JANUA_TEST_DATABASE_URL "
          + "(e.g. postgresql://user:pass@127.0.0.1:5432/test) or run PostgreSQL on 127.0.0.1:5432 "
          + "with a database 'test' that user postgres may use. Cause: " + e.getClass().getSimpleName());
    }
  }

  private static void requireRedis(URI u) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), 3000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      if (!reply.startsWith("+PONG") && !reply.toUpperCase(Locale.ROOT).contains("NOAUTH")) {
        fail("Redis at " + u.getHost() + " answered " + reply.strip());
      }
    } catch (java.io.IOException e) {
      fail("No Redis for the example's integration tests: start redis-server on 127.0.0.1:6379 "
          + "or set JANUA_TEST_REDIS_URL. Cause: " + e.getClass().getSimpleName());
    }
  }
}
