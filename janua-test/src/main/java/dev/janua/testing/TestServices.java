package dev.janua.testing;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL and Redis that integration tests run against, found by one chain, once per JVM:
 *
 * <ol>
 *   <li>the URL in {@value #DATABASE_URL_VARIABLE} / {@value #REDIS_URL_VARIABLE}, when set (it
 *       must answer: a set variable is never silently passed over);
 *   <li>else the local service, when it answers: PostgreSQL on 127.0.0.1:5432 with a database
 *       {@code test} that user {@code postgres} may use ({@value #LOCAL_DATABASE_URL}), Redis on
 *       127.0.0.1:6379 answering PING ({@value #LOCAL_REDIS_URL});
 *   <li>else a Testcontainers container ({@value #POSTGRES_IMAGE}, {@value #REDIS_IMAGE}) when a
 *       Docker engine answers on a loopback address, started once per JVM and stopped when it
 *       exits;
 *   <li>else an {@link IllegalStateException} that says what was tried and how to provide one.
 * </ol>
 *
 * <p>Tests never skip for want of a service. Each test class should keep its data apart: a schema
 * from {@link #freshSchema}, a key prefix from {@link #freshKeyPrefix}.
 */
public final class TestServices {
  /** The variable naming the PostgreSQL for tests, e.g. {@code postgresql://user:pass@127.0.0.1:5432/test}. */
  public static final String DATABASE_URL_VARIABLE = "JANUA_TEST_DATABASE_URL";
  /** The variable naming the Redis for tests, e.g. {@code redis://127.0.0.1:6379/0}. */
  public static final String REDIS_URL_VARIABLE = "JANUA_TEST_REDIS_URL";
  /** The local PostgreSQL tried second. */
  public static final String LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test";
  /** The local Redis tried second. */
  public static final String LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0";
  /** The PostgreSQL image Testcontainers runs. */
  public static final String POSTGRES_IMAGE = "postgres:15-alpine";
  /** The Redis image Testcontainers runs. */
  public static final String REDIS_IMAGE = "redis:7-alpine";

  private static final String HOW_POSTGRES = "Set " + DATABASE_URL_VARIABLE
      + " (e.g. postgresql://user:pass@127.0.0.1:5432/test), or run PostgreSQL on 127.0.0.1:5432"
      + " with a database 'test' that user postgres may use, or start a Docker engine on this"
      + " machine for Testcontainers (" + POSTGRES_IMAGE + ").";
  private static final String HOW_REDIS = "Set " + REDIS_URL_VARIABLE
      + " (e.g. redis://127.0.0.1:6379/0), or run redis-server on 127.0.0.1:6379, or start a"
      + " Docker engine on this machine for Testcontainers (" + REDIS_IMAGE + ").";

  private static @Nullable PostgresService postgres;
  private static @Nullable String postgresFailure;
  private static @Nullable RedisService redis;
  private static @Nullable String redisFailure;

  private TestServices() {}

  /**
   * The PostgreSQL for tests, found by the chain on the first call and remembered for the JVM.
   *
   * @throws IllegalStateException when none is found, saying what was tried and what to do
   */
  public static synchronized PostgresService postgres() {
    if (postgres == null && postgresFailure == null) {
      try {
        postgres = findPostgres(System.getenv(), LOCAL_DATABASE_URL, Docker.testcontainers());
      } catch (IllegalStateException e) {
        postgresFailure = e.getMessage();
      }
    }
    if (postgres == null) {
      throw new IllegalStateException(postgresFailure);
    }
    return postgres;
  }

  /**
   * The Redis for tests, found by the chain on the first call and remembered for the JVM.
   *
   * @throws IllegalStateException when none is found, saying what was tried and what to do
   */
  public static synchronized RedisService redis() {
    if (redis == null && redisFailure == null) {
      try {
        redis = findRedis(System.getenv(), LOCAL_REDIS_URL, Docker.testcontainers());
      } catch (IllegalStateException e) {
        redisFailure = e.getMessage();
      }
    }
    if (redis == null) {
      throw new IllegalStateException(redisFailure);
    }
    return redis;
  }

  /** The chain for PostgreSQL, with its environment, local URL and Docker step given. */
  static PostgresService findPostgres(Map<String, String> env, String localUrl, Docker docker) {
    String given = variable(env, DATABASE_URL_VARIABLE);
    if (given != null) {
      PostgresService s;
      try {
        s = PostgresService.parse(given, DATABASE_URL_VARIABLE);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(DATABASE_URL_VARIABLE + " is not a PostgreSQL URL: "
            + e.getMessage() + ".");
      }
      String problem = s.problem();
      if (problem != null) {
        throw new IllegalStateException(s + " does not answer: " + problem + ". Fix "
            + DATABASE_URL_VARIABLE + ", or unset it to use the local PostgreSQL or Testcontainers.");
      }
      return s;
    }
    PostgresService local = PostgresService.parse(localUrl, "local service");
    String localProblem = local.problem();
    if (localProblem == null) {
      return local;
    }
    String dockerProblem = docker.problem();
    if (dockerProblem == null) {
      return docker.startPostgres();
    }
    throw new IllegalStateException("No PostgreSQL for the tests. " + DATABASE_URL_VARIABLE
        + " is not set; " + local.jdbcUrl() + " (user postgres): " + localProblem
        + "; Testcontainers: " + dockerProblem + ". " + HOW_POSTGRES);
  }

  /** The chain for Redis, with its environment, local URL and Docker step given. */
  static RedisService findRedis(Map<String, String> env, String localUrl, Docker docker) {
    String given = variable(env, REDIS_URL_VARIABLE);
    if (given != null) {
      RedisService s;
      try {
        s = RedisService.of(given, REDIS_URL_VARIABLE);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(REDIS_URL_VARIABLE + " is not a Redis URL: "
            + e.getMessage() + ".");
      }
      String problem = s.problem();
      if (problem != null) {
        throw new IllegalStateException(s + " does not answer: " + problem + ". Fix "
            + REDIS_URL_VARIABLE + ", or unset it to use the local Redis or Testcontainers.");
      }
      return s;
    }
    RedisService local = RedisService.of(localUrl, "local service");
    String localProblem = local.problem();
    if (localProblem == null) {
      return local;
    }
    String dockerProblem = docker.problem();
    if (dockerProblem == null) {
      return docker.startRedis();
    }
    throw new IllegalStateException("No Redis for the tests. " + REDIS_URL_VARIABLE
        + " is not set; " + localUrl + ": " + localProblem + "; Testcontainers: " + dockerProblem
        + ". " + HOW_REDIS);
  }

  private static @Nullable String variable(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** Whether {@code host} is a loopback address literal or {@code localhost}. */
  public static boolean isLoopback(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")
        || h.equals("0:0:0:0:0:0:0:1") || h.equals("[0:0:0:0:0:0:0:1]");
  }

  /**
   * A schema name no other test class or run uses, such as {@code it_jdbcstoreit_1a2b3c4d}
   * (lower case, so it needs no quoting).
   */
  public static String freshSchema(Class<?> testClass) {
    return ("it_" + testClass.getSimpleName() + "_" + shortId()).toLowerCase(Locale.ROOT);
  }

  /** A Redis key prefix no other test class or run uses, such as {@code janua-test:CacheIT:1a2b3c4d:}. */
  public static String freshKeyPrefix(Class<?> testClass) {
    return "janua-test:" + testClass.getSimpleName() + ":" + shortId() + ":";
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The Testcontainers step, behind an interface so that tests can stand in for Docker. */
  interface Docker {
    /** Why containers cannot be started here, or {@code null} when they can. */
    @Nullable String problem();

    PostgresService startPostgres();

    RedisService startRedis();

    /** Testcontainers, loaded only when this step is reached. */
    static Docker testcontainers() {
      return new Docker() {
        @Override
        public @Nullable String problem() {
          try {
            return Containers.problem();
          } catch (LinkageError e) {
            return "Testcontainers is not on the class path (" + e + ")";
          }
        }

        @Override
        public PostgresService startPostgres() {
          return Containers.startPostgres();
        }

        @Override
        public RedisService startRedis() {
          return Containers.startRedis();
        }
      };
    }
  }
}
