package dev.janua.benchmarks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where the PostgreSQL and Redis rows find their services: {@code JANUA_BENCH_DATABASE_URL} (default
 * {@value #DEFAULT_DATABASE_URL}) and {@code JANUA_BENCH_REDIS_URL} (default {@value
 * #DEFAULT_REDIS_URL}). Only loopback hosts are accepted: a benchmark never sends load elsewhere.
 */
public final class Services {
  /** The default database: the local PostgreSQL, database {@code test}. */
  public static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  /** The default Redis: the local server. */
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  private Services() {}

  /**
   * The JDBC URL of the benchmark database.
   *
   * @throws IllegalStateException when its host is not a loopback address
   */
  public static String databaseUrl() {
    String url = env("JANUA_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL);
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalStateException("JANUA_BENCH_DATABASE_URL must be a jdbc:postgresql:// URL");
    }
    requireLoopback(URI.create(url.substring("jdbc:".length())).getHost(), "JANUA_BENCH_DATABASE_URL");
    return url;
  }

  /**
   * The Redis URL of the benchmark server.
   *
   * @throws IllegalStateException when its host is not a loopback address
   */
  public static String redisUrl() {
    String url = env("JANUA_BENCH_REDIS_URL", DEFAULT_REDIS_URL);
    requireLoopback(URI.create(url).getHost(), "JANUA_BENCH_REDIS_URL");
    return url;
  }

  /**
   * Refuses anything but a loopback host (names are resolved once, here).
   *
   * @throws IllegalStateException naming {@code what} when the host is not loopback
   */
  public static void requireLoopback(String host, String what) {
    boolean loopback;
    try {
      loopback = host != null && InetAddress.getByName(host.replace("[", "").replace("]", ""))
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalStateException(what + " must name a loopback host (127.0.0.1, ::1, localhost)");
    }
  }

  /** A fresh schema name for one benchmark trial. */
  public static String freshSchema(String prefix) {
    return (prefix + "_" + Long.toHexString(System.nanoTime())).toLowerCase(Locale.ROOT);
  }

  /** Drops a schema the benchmark made (best effort: a benchmark's teardown never fails the run). */
  public static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(databaseUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop benchmark schema " + schema + ": " + e.getSQLState());
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
