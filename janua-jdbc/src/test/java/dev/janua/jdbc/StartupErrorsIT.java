package dev.janua.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.AuthEngine;
import dev.janua.JanuaConfig;
import dev.janua.JanuaConfigException;
import dev.janua.StoreUnavailableException;
import dev.janua.testing.Fixtures;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A store that can never connect fails start-up at once with PostgreSQL's own reason, the password
 * cut out, rather than after the pool's 30-second timeout with a generic message. The time bound
 * is deliberately generous (the probe itself gives up after about 4 s).
 */
class StartupErrorsIT {
  private static final String SECRET = "pw-s3cret-" + Fixtures.id().substring(0, 8);
  private static final Duration BOUND = Duration.ofSeconds(8);

  private static String base() {
    String jdbc = TestDatabase.url().jdbcUrl();
    return jdbc.substring(0, jdbc.lastIndexOf('/'));
  }

  private static Throwable failsFast(ThrowingCallable start) {
    long t0 = System.nanoTime();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(start);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(thrown).isNotNull();
    assertThat(took).isLessThan(BOUND);
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    return thrown;
  }

  private static JdbcStoreConfig.Builder config(String jdbcUrl, String user) {
    return JdbcStoreConfig.builder().jdbcUrl(jdbcUrl).username(user).password(SECRET)
        .schema("startup_errors").poolSize(1).maxOverflow(1);
  }

  @Test
  void missingRole_failsAtOnce_withPostgresReason_passwordRedacted() {
    String url = TestDatabase.url().jdbcUrl();
    Throwable t = failsFast(() -> JdbcStore.builder()
        .config(config(url, "nosuchrole").build()).build());
    assertThat(t).isInstanceOfSatisfying(JanuaConfigException.class,
        e -> assertThat(e.variable()).isEqualTo("DATABASE_URL"));
    assertThat(t.getMessage()).contains("role \"nosuchrole\" does not exist");
  }

  @Test
  void missingDatabase_fromEnvThroughThePlugin_failsAtOnce_withPostgresReason() {
    String user = TestDatabase.url().username();
    String hostPort = base().substring("jdbc:postgresql://".length());
    Map<String, String> env = Map.of("DATABASE_URL", "postgresql://" + user + ":" + SECRET + "@"
        + hostPort + "/nosuchdb", "DATABASE_SCHEMA", "startup_errors");
    Throwable t = failsFast(() -> AuthEngine.builder()
        .config(JanuaConfig.builder().keyEncryptionKey(Fixtures.KEY_ENCRYPTION_KEY).build())
        .install(JdbcPlugin.fromEnv(env)).build());
    assertThat(t).isInstanceOf(JanuaConfigException.class);
    assertThat(t.getMessage()).contains("database \"nosuchdb\" does not exist");
  }

  @Test
  void nothingListening_whileMigrating_failsAtOnce_withTheDriversReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int closedPort = port;
    Throwable t = failsFast(() -> JdbcStore.builder().config(config(
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/test?password=" + SECRET, "janua")
        .build()).build());
    assertThat(t).isInstanceOf(StoreUnavailableException.class);
    assertThat(t.getMessage()).contains("127.0.0.1:" + closedPort).containsIgnoringCase("refused");
  }

  @Test
  void notAPostgresUrl_refusedNamingTheVariable() {
    Throwable t = failsFast(() -> JdbcStore.builder()
        .config(config("jdbc:postgresql://127.0.0.1:notaport/test", "janua").build()).build());
    assertThat(t).isInstanceOfSatisfying(JanuaConfigException.class,
        e -> assertThat(e.variable()).isEqualTo("DATABASE_URL"));
  }
}
