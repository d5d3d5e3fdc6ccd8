package dev.janua.examples;

import dev.janua.AuthEngine;
import dev.janua.AuthEngineBuilder;
import dev.janua.spi.HealthCheck;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Janua example service: a complete authentication API on Javalin, configured from environment
 * variables (see docs/configuration.md). Run it with {@code java -jar
 * examples/target/janua-example.jar}; it listens on {@code PORT} (4100).
 *
 * <p>Tests and hosts can start it in-process with {@link #start(Map)} and stop it with {@link
 * #close()}.
 */
public final class JanuaExampleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JanuaExampleServer.class);

  private final Wiring wiring;
  private final Javalin app;

  private JanuaExampleServer(Wiring wiring, Javalin app) {
    this.wiring = wiring;
    this.app = app;
  }

  /**
   * Starts the service from the process environment and stops it on JVM shutdown.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    JanuaExampleServer server;
    try {
      server = start(System.getenv());
    } catch (RuntimeException e) {
      // A configuration error names the variable; no stack trace needed for it.
      LOG.error("Janua example failed to start: {}", e.getMessage());
      LOG.debug("Start failure", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "janua-shutdown"));
  }

  /**
   * Starts the service with these environment-style variables.
   *
   * @param env the variables, e.g. {@link System#getenv()}
   * @return the running service
   * @throws dev.janua.JanuaConfigException naming a malformed variable
   * @throws NullPointerException           if {@code env} is null
   */
  public static JanuaExampleServer start(Map<String, String> env) {
    return start(env, List.of(), Clock.systemUTC());
  }

  /**
   * Starts the service with extra readiness checks (for tests, or a host's own dependencies).
   *
   * @param env         the variables
   * @param extraChecks checks added to {@code /ready}
   * @param clock       the engine's time source (tests pass a fake one)
   * @return the running service
   */
  static JanuaExampleServer start(Map<String, String> env, List<HealthCheck> extraChecks,
      Clock clock) {
    return start(env, extraChecks, clock, b -> { });
  }

  /**
   * Starts the service letting {@code customizer} change the engine builder last (tests set a
   * recording notifier this way).
   */
  static JanuaExampleServer start(Map<String, String> env, List<HealthCheck> extraChecks,
      Clock clock, Consumer<AuthEngineBuilder> customizer) {
    Objects.requireNonNull(env, "env");
    Wiring wiring = Wiring.fromEnv(env, extraChecks, clock, customizer);
    try {
      HttpApi api = new HttpApi(wiring);
      Javalin app = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = dev.janua.http.JsonCodec.MAX_BODY_BYTES;
        // Routed by the real method only: X-HTTP-Method-Override is hidden from Javalin.
        config.jetty.modifyServletContextHandler(h -> h.addFilter(
            new org.eclipse.jetty.ee10.servlet.FilterHolder(new MethodOverrideFilter()), "/*",
            java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
        api.register(config);
      });
      app.start(wiring.settings.host(), wiring.settings.port());
      LOG.info("Janua example listening on http://{}:{}", wiring.settings.host(), app.port());
      return new JanuaExampleServer(wiring, app);
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
  }

  /** The port the service listens on. */
  public int port() {
    return app.port();
  }

  /** The engine behind the service. */
  public AuthEngine engine() {
    return wiring.engine;
  }

  /** Stops the HTTP server, then closes the engine's plug-ins (pools, Redis connections). */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      wiring.close();
    }
  }
}
