package dev.janua.examples;

import static org.assertj.core.api.Assertions.fail;

import dev.janua.testing.PostgresService;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL and Redis the example's integration tests run against, as URLs in the form the
 * example reads ({@code DATABASE_URL}, {@code REDIS_URL}), found by the test kit's discovery chain
 * ({@link dev.janua.testing.TestServices}: {@code JANUA_TEST_DATABASE_URL} / {@code
 * JANUA_TEST_REDIS_URL}, else the local services, else Testcontainers when a Docker engine answers
 * on a loopback host, else a failure saying how to provide one). Never skips; only loopback
 * addresses are targets.
 */
final class TestServices {
  private TestServices() {}

  /** The PostgreSQL URL ({@code postgresql://user[:pass]@host:port/db}), resolved once per JVM. */
  static String databaseUrl() {
    String url = dev.janua.testing.TestServices.postgres().url();
    requireLoopback(url);
    return url;
  }

  /** The Redis URL ({@code redis://host:port/0}), resolved once per JVM. */
  static String redisUrl() {
    String url = dev.janua.testing.TestServices.redis().url();
    requireLoopback(url);
    return url;
  }

  /** A JDBC connection to a {@code postgresql://} URL. */
  static Connection connect(String databaseUrl) throws SQLException {
    return PostgresService.parse(databaseUrl).connect();
  }

  /** Fails unless the URL's host is a loopback address. */
  static void requireLoopback(String url) {
    String host = URI.create(url.replaceFirst("^[a-z+]+://", "http://")).getHost();
    if (!dev.janua.testing.TestServices.isLoopback(host)) {
      fail("integration tests only target loopback addresses, got " + host);
    }
  }
}
