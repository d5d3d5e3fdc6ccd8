package dev.janua.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty 12 (EE10, Servlet 6) on 127.0.0.1 and a free port, with a small HTTP client. */
final class JettyServer implements AutoCloseable {
  private final Server server;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JettyServer(Server server, int port) {
    this.server = server;
    this.base = "http://127.0.0.1:" + port;
  }

  /** Starts a server whose root context the customizer fills. */
  static JettyServer start(Consumer<ServletContextHandler> context) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    context.accept(handler);
    server.setHandler(handler);
    server.start();
    return new JettyServer(server, connector.getLocalPort());
  }

  static void filter(ServletContextHandler context, Filter filter) {
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  static void servlet(ServletContextHandler context, HttpServlet servlet, String mapping) {
    context.addServlet(new ServletHolder(servlet), mapping);
  }

  /** Sends a request; {@code headers} alternate names and values. */
  HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
