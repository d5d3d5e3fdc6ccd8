package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Who the client is, over real HTTP: the service (started with {@code TRUSTED_PROXIES} = the
 * loopback, so the test is the "proxy") reads every {@code X-Forwarded-For} line as one list and
 * takes the right-most untrusted entry, so a forged first line buys no fresh rate-limit budget,
 * and a malformed right-most entry makes the client unknown rather than skipping to an address
 * further left. Mixed into {@link ExampleServerSuite}, so they run on every backend.
 */
interface ClientIdentityRoutesTests {
  HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The service's base URL. */
  String baseUrl();

  /** Signs in (wrongly) with the given X-Forwarded-For lines, sent as separate header lines. */
  private HttpResponse<String> signin(String... forwardedLines) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/signin"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json");
    for (String line : forwardedLines) {
      b.header("X-Forwarded-For", line);
    }
    b.POST(HttpRequest.BodyPublishers.ofString(
        // A fresh unknown email each time: the per-account throttle stays out of the way.
        "{\"email\":\"nobody-xff-" + java.util.UUID.randomUUID()
            + "@example.com\",\"password\":\"not the password\"}"));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String randomForged() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198.18." + r.nextInt(256) + "." + (1 + r.nextInt(250));
  }

  @Test
  default void signin_forgedFirstXffLine_doesNotBuyAFreshBudget() throws Exception {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String client = "203.0.113." + (1 + r.nextInt(250));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      // The client forges a first line; the proxy adds its own line naming the real client.
      statuses.add(signin(randomForged(), client).statusCode());
    }
    // AUTHENTICATION allows 10 a minute per client: the 11th is refused, whatever the first line.
    assertThat(statuses.subList(0, 10)).doesNotContain(429);
    assertThat(statuses.get(10)).isEqualTo(429);
  }

  @Test
  default void signin_malformedRightmostXffEntry_isNotSkipped() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      // A fresh, valid address left of the garbage each time: were the garbage skipped, each
      // request would count for a different client and none would be refused.
      statuses.add(signin(randomForged() + ", not-an-address").statusCode());
    }
    assertThat(statuses).contains(429);
  }
}
