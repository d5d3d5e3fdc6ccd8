package dev.janua.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The starter's tests run on Spring Boot 4.0.7's managed versions: the jars on this class path are
 * the ones docs/compatibility.md lists for the starter (and so Boot's, not Janua's own).
 */
class VersionMatrixTest {
  /** Doc row prefix -> (artifact id, a class from its jar). */
  private static final Map<String, List<Object>> LIBRARIES = Map.of(
      "| Lettuce (", List.of("lettuce-core", io.lettuce.core.RedisClient.class),
      "| Flyway (", List.of("flyway-core", org.flywaydb.core.Flyway.class),
      "| HikariCP |", List.of("HikariCP", com.zaxxer.hikari.HikariDataSource.class),
      "| Micrometer (", List.of("micrometer-core", io.micrometer.core.instrument.MeterRegistry.class),
      "| Caffeine |", List.of("caffeine", com.github.benmanes.caffeine.cache.Caffeine.class),
      "| Jackson 2 (", List.of("jackson-databind", com.fasterxml.jackson.databind.ObjectMapper.class),
      "| PostgreSQL JDBC driver |", List.of("postgresql", org.postgresql.Driver.class),
      "| SLF4J |", List.of("slf4j-api", org.slf4j.Logger.class),
      "| Spring Security |",
      List.of("spring-security-core", org.springframework.security.core.Authentication.class));

  @Test
  void classPathVersions_areTheOnesTheCompatibilityDocListsForTheStarter() throws Exception {
    List<String> doc = Files.readAllLines(Path.of("..", "docs", "compatibility.md"),
        StandardCharsets.UTF_8);
    int start = doc.indexOf("| library | on the starter's test class path |");
    assertThat(start).as("the starter's table in docs/compatibility.md").isPositive();
    List<String> table = doc.subList(start, doc.size()).stream()
        .takeWhile(l -> l.startsWith("|")).toList();
    for (Map.Entry<String, List<Object>> lib : LIBRARIES.entrySet()) {
      String artifact = (String) lib.getValue().get(0);
      String version = jarVersion(artifact, (Class<?>) lib.getValue().get(1));
      assertThat(table).as("%s %s is in the starter's table", artifact, version)
          .anyMatch(l -> l.startsWith(lib.getKey())
              && l.split("\\|")[2].strip().startsWith(version));
    }
  }

  @Test
  void lettuce_isBootsNotJanuas() throws Exception {
    // Janua's own build uses Lettuce 7.7: this module must not.
    assertThat(jarVersion("lettuce-core", io.lettuce.core.RedisClient.class))
        .isEqualTo("6.8.2.RELEASE");
  }

  private static String jarVersion(String artifact, Class<?> type) throws Exception {
    Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    String name = jar.getFileName().toString();
    assertThat(name).as(type.getName() + " comes from " + artifact).startsWith(artifact + "-")
        .endsWith(".jar");
    return name.substring(artifact.length() + 1, name.length() - ".jar".length());
  }
}
