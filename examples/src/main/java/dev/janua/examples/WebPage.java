package dev.janua.examples;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The example's web page ({@code GET /}): one static HTML page with its script and style sheet,
 * read from the class path at start-up, no build step and nothing fetched from another origin.
 * The page signs up and in through the JSON API with {@value BrowserSessions#CLIENT_HEADER}{@code :
 * browser}, so the service keeps the session in HttpOnly cookies (see {@link BrowserSessions}).
 *
 * <p>Every file is sent with a Content-Security-Policy that allows only this origin's script and
 * style and no framing, {@code X-Content-Type-Options: nosniff} and {@code Cache-Control:
 * no-cache} (revalidate, so a new build is picked up at once).
 */
final class WebPage {
  /** Scripts and styles from this origin only; the QR code is inline SVG, forms post nowhere. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none';"
      + " base-uri 'none'";

  private static final String ROOT = "/dev/janua/examples/web/";
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"index.html", "text/html; charset=utf-8"},
      "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
      "/app.css", new String[] {"app.css", "text/css; charset=utf-8"});

  private final Map<String, byte[]> content;

  WebPage() {
    java.util.HashMap<String, byte[]> loaded = new java.util.HashMap<>();
    FILES.forEach((path, file) -> loaded.put(path, read(file[0])));
    this.content = Map.copyOf(loaded);
  }

  private static byte[] read(String name) {
    try (InputStream in = WebPage.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("the web page's " + name + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void register(ApiTokenRoutes.Registrar r) {
    FILES.keySet().forEach(path -> r.route(HandlerType.GET, path, ctx -> send(ctx, path)));
  }

  private void send(Context ctx, String path) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(FILES.get(path)[1]);
    ctx.result(content.get(path));
  }
}
