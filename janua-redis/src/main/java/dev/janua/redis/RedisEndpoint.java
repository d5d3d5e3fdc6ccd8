package dev.janua.redis;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where Redis is, parsed from a {@code REDIS_URL} by {@link RedisUrls#parse(String)}: the
 * deployment {@link Kind}, the nodes (one server, the Sentinels, or the Cluster seed nodes), TLS,
 * the logical database and the credentials. Immutable. {@link #toString()} never shows the
 * password.
 */
public final class RedisEndpoint {

  /** How the nodes of an endpoint are used. */
  public enum Kind {
    /** One Redis server ({@code redis://host:port/db}). */
    STANDALONE,
    /** Sentinels that name the master of {@link #sentinelMaster()}. */
    SENTINEL,
    /** Seed nodes of a Redis Cluster (a comma list of {@code host:port}). */
    CLUSTER
  }

  /**
   * One node address.
   *
   * @param host host name or IP literal (IPv6 without brackets)
   * @param port TCP port, 1 to 65535
   */
  public record Node(String host, int port) {
    /** Checks the address. */
    public Node {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
      }
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final Kind kind;
  private final boolean tls;
  private final List<Node> nodes;
  private final @Nullable String sentinelMaster;
  private final int database;
  private final @Nullable String username;
  private final char @Nullable [] password;

  RedisEndpoint(Kind kind, boolean tls, List<Node> nodes, @Nullable String sentinelMaster,
      int database, @Nullable String username, char @Nullable [] password) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.tls = tls;
    this.nodes = List.copyOf(nodes);
    if (this.nodes.isEmpty()) {
      throw new IllegalArgumentException("nodes must not be empty");
    }
    if (kind == Kind.SENTINEL && (sentinelMaster == null || sentinelMaster.isBlank())) {
      throw new IllegalArgumentException("sentinelMaster is required for a Sentinel endpoint");
    }
    if (database < 0) {
      throw new IllegalArgumentException("database must not be negative, got " + database);
    }
    if (kind == Kind.CLUSTER && database != 0) {
      throw new IllegalArgumentException("Redis Cluster has only database 0, got " + database);
    }
    this.sentinelMaster = kind == Kind.SENTINEL ? sentinelMaster : null;
    this.database = database;
    this.username = username;
    this.password = password == null ? null : password.clone();
  }

  /** The deployment kind. */
  public Kind kind() {
    return kind;
  }

  /** Whether connections use TLS ({@code rediss://}). */
  public boolean tls() {
    return tls;
  }

  /** The server, the Sentinels, or the Cluster seed nodes, in URL order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The Sentinel master name; empty unless {@link Kind#SENTINEL}. */
  public Optional<String> sentinelMaster() {
    return Optional.ofNullable(sentinelMaster);
  }

  /** The logical database (always 0 on a Cluster). */
  public int database() {
    return database;
  }

  /** The ACL user name, if the URL has one. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** Whether the URL carries a password. */
  public boolean hasPassword() {
    return password != null;
  }

  /** This endpoint as a Cluster (a single seed node is enough to discover the rest). */
  public RedisEndpoint asCluster() {
    if (kind == Kind.CLUSTER) {
      return this;
    }
    if (kind == Kind.SENTINEL) {
      throw new IllegalArgumentException("a Sentinel endpoint cannot be used as a Cluster");
    }
    return new RedisEndpoint(Kind.CLUSTER, tls, nodes, null, database, username, password);
  }

  /** The password (a copy), or {@code null}; only for the connector, never for messages. */
  char @Nullable [] password() {
    return password == null ? null : password.clone();
  }

  /** The URL with the password replaced by {@code ***}; safe to log. */
  public String redacted() {
    StringBuilder sb = new StringBuilder();
    sb.append(tls ? "rediss" : "redis").append(kind == Kind.SENTINEL ? "+sentinel" : "")
        .append("://");
    if (username != null || password != null) {
      sb.append(username == null ? "" : username).append(password == null ? "" : ":***")
          .append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    if (kind == Kind.SENTINEL) {
      sb.append('/').append(sentinelMaster);
    }
    if (kind != Kind.CLUSTER) {
      sb.append('/').append(database);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RedisEndpoint e && kind == e.kind && tls == e.tls && nodes.equals(e.nodes)
        && Objects.equals(sentinelMaster, e.sentinelMaster) && database == e.database
        && Objects.equals(username, e.username) && Arrays.equals(password, e.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, tls, nodes, sentinelMaster, database, username);
  }

  /** The {@link #redacted()} form. */
  @Override
  public String toString() {
    return redacted();
  }
}
