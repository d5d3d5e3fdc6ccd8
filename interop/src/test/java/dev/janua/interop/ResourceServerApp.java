package dev.janua.interop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny Spring Boot resource server: no security code of its own, Boot's auto-configured
 * resource server set up by properties only. {@code /hello} needs any valid token,
 * {@code /owner} the authority {@code ROLE_owner} (from an organization token's {@code roles}
 * when the authorities properties say so), {@code /any-scope} the authority {@code SCOPE_*}
 * (an owner's {@code scope}, mapped by Spring's default).
 */
@SpringBootApplication
@EnableMethodSecurity
@RestController
class ResourceServerApp {

  @GetMapping("/hello")
  String hello(Authentication authentication) {
    return "hello " + authentication.getName();
  }

  @GetMapping("/owner")
  @PreAuthorize("hasAuthority('ROLE_owner')")
  String owner() {
    return "owner";
  }

  @GetMapping("/any-scope")
  @PreAuthorize("hasAuthority('SCOPE_*')")
  String anyScope() {
    return "any scope";
  }

  /** A started application and a client for it; close it once per test class. */
  static final class Running implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Running(ConfigurableApplicationContext context) {
      this.context = context;
      this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts the application on a free loopback port with {@code properties}. */
    static Running start(Map<String, Object> properties) {
      Map<String, Object> all = new HashMap<>(properties);
      all.put("server.address", "127.0.0.1");
      all.put("server.port", "0");
      all.put("spring.main.banner-mode", "off");
      all.put("logging.level.root", "WARN");
      SpringApplication app = new SpringApplicationBuilder(ResourceServerApp.class).properties(all).build();
      return new Running(app.run());
    }

    /** GET {@code path} with the bearer token; the status code. */
    int get(String path, String bearer) throws IOException, InterruptedException {
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + bearer)
          .build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
