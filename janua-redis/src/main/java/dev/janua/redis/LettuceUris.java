package dev.janua.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link RedisEndpoint} into Lettuce's URIs. Package-private so that Lettuce's types stay
 * out of the public API; it lives here, not in {@code internal}, because it reads the endpoint's
 * password, which the endpoint gives to nothing outside this package.
 */
final class LettuceUris {
  private LettuceUris() {}

  /**
   * One URI for a standalone server or a Sentinel group, one per seed node for a Cluster; each
   * carries TLS, the credentials, the client name and the command timeout.
   */
  static List<RedisURI> of(RedisEndpoint endpoint, Duration commandTimeout, String clientName) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(clientName, "clientName");
    List<RedisEndpoint.Node> nodes = endpoint.nodes();
    List<RedisURI> out = new ArrayList<>();
    switch (endpoint.kind()) {
      case STANDALONE -> out.add(withCommon(RedisURI.Builder.redis(nodes.get(0).host(),
          nodes.get(0).port()), endpoint, commandTimeout, clientName)
          .withDatabase(endpoint.database()).build());
      case SENTINEL -> {
        RedisURI.Builder b = RedisURI.Builder.sentinel(nodes.get(0).host(), nodes.get(0).port(),
            endpoint.sentinelMaster().orElseThrow());
        for (RedisEndpoint.Node n : nodes.subList(1, nodes.size())) {
          b.withSentinel(n.host(), n.port());
        }
        out.add(withCommon(b, endpoint, commandTimeout, clientName)
            .withDatabase(endpoint.database()).build());
      }
      case CLUSTER -> {
        for (RedisEndpoint.Node n : nodes) {
          out.add(withCommon(RedisURI.Builder.redis(n.host(), n.port()), endpoint,
              commandTimeout, clientName).build());
        }
      }
      default -> throw new IllegalStateException("unknown kind " + endpoint.kind());
    }
    return out;
  }

  /** The URIs of a connection configuration: its endpoint, command timeout and client name. */
  static List<RedisURI> of(RedisConnectionConfig config) {
    return of(config.endpoint(), config.commandTimeout(), config.clientName());
  }

  /** {@link #of(RedisEndpoint, Duration, String)} with the default client name {@code janua}. */
  static List<RedisURI> of(RedisEndpoint endpoint, Duration commandTimeout) {
    return of(endpoint, commandTimeout, RedisConnectionConfig.DEFAULT_CLIENT_NAME);
  }

  private static RedisURI.Builder withCommon(RedisURI.Builder b, RedisEndpoint endpoint,
      Duration timeout, String clientName) {
    b.withSsl(endpoint.tls()).withTimeout(timeout).withClientName(clientName);
    char[] password = endpoint.password();
    String username = endpoint.username().orElse(null);
    if (password != null) {
      if (username != null) {
        b.withAuthentication(username, password);
      } else {
        b.withPassword(password);
      }
    } else if (username != null) {
      throw new IllegalStateException("a user name needs a password");
    }
    return b;
  }
}
