package dev.janua.http;

import dev.janua.AuthEngine;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one place every adapter (the servlet filter and servlet, the Spring Boot starter through
 * them, the example) resolves the calling client's address: it reads every line of the configured
 * forwarding header ({@code X-Forwarded-For}, or {@code Forwarded} with {@code
 * FORWARDED_HEADER=forwarded}) and hands them, in order, to {@link
 * dev.janua.RateLimiter#resolveClientIp(String, List)}.
 */
public final class ClientAddresses {
  private ClientAddresses() {}

  /**
   * The client's IP address, or {@code null} when unknown (no peer address, or a malformed
   * forwarded hop: such a client is limited under the shared key {@code unknown}).
   *
   * @param engine        the engine whose trusted proxies and header setting apply
   * @param remoteAddress the direct peer's address (the socket's)
   * @param headerLines   every line of a request header by name, in order (empty when absent);
   *                      e.g. {@code name -> Collections.list(request.getHeaders(name))}
   */
  public static @Nullable String resolve(AuthEngine engine, @Nullable String remoteAddress,
      Function<String, List<String>> headerLines) {
    var limiter = engine.rateLimiter();
    return limiter.resolveClientIp(remoteAddress,
        headerLines.apply(limiter.forwardedHeader().headerName()));
  }
}
