package dev.janua.benchmarks.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring side of the load comparison: a resource server with no security code of its own.
 * Boot auto-configures the resource server and its Nimbus {@code JwtDecoder} from properties
 * (given on the command line by ./bench --load: {@code issuer-uri} of the example service, so
 * its JWKS, and {@code audiences}); every endpoint needs a valid bearer token. {@code GET
 * /api/v1/auth/me} answers the token's subject and session, as JSON.
 */
@SpringBootApplication
@RestController
public class ResourceServer {
  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, e.g. {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(ResourceServer.class, args);
  }

  /** The authenticated caller, from the validated token. */
  @GetMapping("/api/v1/auth/me")
  public Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", jwt.getSubject());
    body.put("session_id", jwt.getClaimAsString("sid"));
    return body;
  }
}
