package dev.janua.servlet;

import static dev.janua.servlet.HttpCalls.errorCode;
import static dev.janua.servlet.HttpCalls.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.testing.JanuaTestEngine;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;

/**
 * janua-metrics is an optional dependency: the filter and the servlet load and run, with request
 * ids and response times, when neither janua-metrics nor Micrometer is on the class path. The
 * module's classes are loaded by a class loader that cannot see either.
 */
class WithoutMetricsTest {

  /** Loads dev.janua.servlet itself, refuses dev.janua.metrics and Micrometer, else delegates. */
  static final class WithoutMetrics extends URLClassLoader {
    final List<String> refused = new CopyOnWriteArrayList<>();

    WithoutMetrics() {
      super(new URL[] {
          JanuaAuthenticationFilter.class.getProtectionDomain().getCodeSource().getLocation()},
          WithoutMetricsTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("dev.janua.metrics.") || name.startsWith("io.micrometer.")) {
          refused.add(name);
          throw new ClassNotFoundException(name + " is hidden by this test");
        }
        if (name.startsWith("dev.janua.servlet.")) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            c = findClass(name);
          }
          if (resolve) {
            resolveClass(c);
          }
          return c;
        }
        return super.loadClass(name, resolve);
      }
    }
  }

  @Test
  void filterAndServlet_runWithoutJanuaMetricsOrMicrometer() throws Exception {
    try (JanuaTestEngine janua = JanuaTestEngine.create();
        WithoutMetrics loader = new WithoutMetrics()) {
      assertThatThrownBy(() -> loader.loadClass("dev.janua.metrics.RequestTimer"))
          .isInstanceOf(ClassNotFoundException.class);
      loader.refused.clear();

      Class<?> configType = loader.loadClass("dev.janua.servlet.JanuaFilterConfig");
      assertThat(configType.getClassLoader()).isSameAs(loader);
      Object builder = configType.getMethod("builder").invoke(null);
      builder.getClass().getMethod("excludePaths", String[].class)
          .invoke(builder, (Object) new String[] {"/api/v1/auth/signup"});
      Object config = builder.getClass().getMethod("build").invoke(builder);
      Filter filter = (Filter) loader.loadClass("dev.janua.servlet.JanuaAuthenticationFilter")
          .getConstructor(AuthEngine.class, configType).newInstance(janua.engine(), config);
      HttpServlet servlet = (HttpServlet) loader.loadClass("dev.janua.servlet.JanuaAuthServlet")
          .getConstructor(AuthEngine.class).newInstance(janua.engine());
      @SuppressWarnings("unchecked")
      Class<? extends Filter> containerCreated = (Class<? extends Filter>)
          loader.loadClass("dev.janua.servlet.JanuaAuthenticationFilter");

      try (JettyServer server = JettyServer.start(ctx -> {
        JettyServer.filter(ctx, filter);
        JettyServer.servlet(ctx, servlet, "/api/v1/auth/*");
      }); JettyServer web = JettyServer.start(ctx -> {
        ctx.setAttribute(JanuaAttributes.ENGINE, janua.engine());
        ctx.addFilter(new FilterHolder(containerCreated), "/*", EnumSet.of(DispatcherType.REQUEST));
      })) {
        HttpCalls c = new HttpCalls(server);
        HttpResponse<String> signup = c.post("/api/v1/auth/signup", null,
            "{\"email\":\"" + c.ip + "@example.com\",\"password\":\"correct horse battery\"}");
        assertThat(signup.statusCode()).isEqualTo(201);
        HttpResponse<String> me = c.get("/api/v1/auth/me", null, "X-Request-ID", "no-metrics");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(errorCode(me)).isEqualTo("unauthorized");
        assertThat(header(me, "X-Request-ID")).isEqualTo("no-metrics");
        assertThat(header(me, "X-Response-Time")).matches("\\d+\\.\\d{2}ms");

        HttpResponse<String> refused = new HttpCalls(web).get("/anything", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(header(refused, "X-Response-Time")).matches("\\d+\\.\\d{2}ms");
      }
      assertThat(loader.refused).as("classes of janua-metrics or Micrometer asked for").isEmpty();
    }
  }
}
