package dev.janua.redis;

import dev.janua.redis.internal.RedisConnector;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.HealthStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness of Redis, named {@code "redis"}: a {@code PING} that must answer {@code PONG} within
 * the health timeout ({@code REDIS_HEALTH_TIMEOUT_MS}, 500 ms). Down reasons are short and never
 * carry the URL or a password: {@code "not connected"}, {@code "timeout after 500 ms"},
 * {@code "ping failed: RedisException"}.
 */
public final class RedisHealthCheck implements HealthCheck {
  private final RedisConnector connector;
  private final Duration timeout;

  RedisHealthCheck(RedisConnector connector, Duration timeout) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** {@code "redis"}. */
  @Override
  public String name() {
    return "redis";
  }

  /** Pings Redis; never throws. */
  @Override
  public HealthStatus check() {
    try {
      String pong = connector.async().ping().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return "PONG".equalsIgnoreCase(pong) ? HealthStatus.ok()
          : HealthStatus.down("unexpected ping reply");
    } catch (TimeoutException e) {
      return HealthStatus.down("timeout after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthStatus.down("interrupted");
    } catch (ExecutionException e) {
      return down(e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      return down(e);
    }
  }

  private HealthStatus down(Throwable cause) {
    if (!connector.isConnected()) {
      return HealthStatus.down("not connected");
    }
    return HealthStatus.down("ping failed: " + cause.getClass().getSimpleName());
  }
}
