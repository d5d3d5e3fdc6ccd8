package dev.janua.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The sample: PostgreSQL through Spring's {@code DataSource} ({@code spring.datasource.*}),
 * Redis through {@code spring.data.redis.*}, Micrometer through actuator; Janua's settings in
 * {@code application.properties} under {@code janua.*}. {@code @EnableMethodSecurity} turns on
 * {@code @PreAuthorize}.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
