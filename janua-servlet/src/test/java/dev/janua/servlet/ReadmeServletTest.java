package dev.janua.servlet;

import static dev.janua.servlet.HttpCalls.header;
import static dev.janua.servlet.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.AuthEngine;
import dev.janua.testing.JanuaTestEngine;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's servlet setup, line for line, in a {@code ServletContextListener} on Jetty 12: the
 * block in README.md between the {@code servlet-setup} markers must be the block of this test
 * between the markers below, and the application it sets up must serve the auth routes.
 */
class ReadmeServletTest {

  /** The application's listener, as the README has it. */
  static final class Setup implements ServletContextListener {
    private final AuthEngine engine;

    Setup(AuthEngine engine) {
      this.engine = engine;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
      ServletContext ctx = event.getServletContext();
      // servlet-setup:begin
      JanuaFilterConfig config = JanuaFilterConfig.builder()
          .excludePaths("/api/v1/auth/signup", "/api/v1/auth/signin", "/api/v1/auth/mfa/complete",
              "/api/v1/auth/refresh")
          .build();
      ctx.addFilter("janua", new JanuaAuthenticationFilter(engine, config))
          .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
      ctx.addServlet("janua-auth", new JanuaAuthServlet(engine)).addMapping("/api/v1/auth/*");
      // servlet-setup:end
    }
  }

  @Test
  void servletSetup_fromTheReadme_servesTheAuthRoutes() throws Exception {
    try (JanuaTestEngine janua = JanuaTestEngine.create();
        JettyServer server = JettyServer.start(
            ctx -> ctx.addEventListener(new Setup(janua.engine())))) {
      HttpCalls c = new HttpCalls(server);
      HttpResponse<String> signup = c.post("/api/v1/auth/signup", null,
          "{\"email\":\"" + c.ip + "@example.com\",\"password\":\"correct horse battery\"}");
      assertThat(signup.statusCode()).isEqualTo(201);
      HttpResponse<String> me = c.get("/api/v1/auth/me",
          json(signup).path("access_token").asText());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(json(me).path("id").asText())
          .isEqualTo(json(signup).path("user").path("id").asText());
      HttpResponse<String> other = c.get("/anything/else", null);
      assertThat(other.statusCode()).isEqualTo(401);
      assertThat(header(other, "WWW-Authenticate")).isEqualTo("Bearer realm=\"janua\"");
    }
  }

  @Test
  void readmeBlock_isThisTestsBlock() throws IOException {
    assertThat(block(Path.of("../README.md"), "<!-- servlet-setup:begin -->",
        "<!-- servlet-setup:end -->"))
        .isEqualTo(block(Path.of("src/test/java/dev/janua/servlet/ReadmeServletTest.java"),
            "// servlet-setup:begin", "// servlet-setup:end"));
  }

  /** The trimmed code lines between the markers, without Markdown fences or comments. */
  private static List<String> block(Path file, String begin, String end) throws IOException {
    List<String> lines = Files.readAllLines(file).stream().map(String::trim).toList();
    int from = lines.indexOf(begin);
    int to = lines.indexOf(end);
    assertThat(from).as("%s in %s", begin, file).isNotNegative();
    assertThat(to).as("%s in %s", end, file).isGreaterThan(from);
    return lines.subList(from + 1, to).stream()
        .filter(l -> !l.startsWith("```") && !l.startsWith("//") && !l.isEmpty()).toList();
  }
}
