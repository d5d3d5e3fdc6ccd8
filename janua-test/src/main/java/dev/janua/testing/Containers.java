package dev.janua.testing;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers step of {@link TestServices}; the only class that names Testcontainers, so it
 * is loaded only when the first two steps found nothing.
 */
final class Containers {
  private Containers() {}

  /** Why no container can run, or {@code null} when a Docker engine answers on a loopback host. */
  static @Nullable String problem() {
    try {
      DockerClientFactory docker = DockerClientFactory.instance();
      if (!docker.isDockerAvailable()) {
        return "no Docker engine answers";
      }
      String host = docker.dockerHostIpAddress();
      if (!TestServices.isLoopback(host)) {
        return "the Docker host " + host + " is not a loopback address, and tests only target"
            + " loopback addresses";
      }
      return null;
    } catch (RuntimeException e) {
      return "Docker could not be asked (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }

  static PostgresService startPostgres() {
    PostgreSQLContainer pg = new PostgreSQLContainer(TestServices.POSTGRES_IMAGE);
    start(pg);
    return PostgresService.parse(pg.getJdbcUrl(), "Testcontainers " + TestServices.POSTGRES_IMAGE)
        .withCredentials(pg.getUsername(), pg.getPassword());
  }

  static RedisService startRedis() {
    GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(TestServices.REDIS_IMAGE))
        .withExposedPorts(6379);
    start(redis);
    return RedisService.of("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0",
        "Testcontainers " + TestServices.REDIS_IMAGE);
  }

  /** Starts a container for the rest of the JVM's life. */
  private static void start(GenericContainer<?> container) {
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "janua-test-container-stop"));
  }
}
