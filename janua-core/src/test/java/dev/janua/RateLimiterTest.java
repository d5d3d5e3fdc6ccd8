package dev.janua;

import dev.janua.internal.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest extends EngineTestBase {

  private RateLimiter limiter(JanuaConfig.Builder b) {
    return engine(b.rateLimitEnabled(true).build()).rateLimiter();
  }

  @Test
  void check_minuteWindow_allowsLimitThenRefusesWithRetryAfter() {
    clock.set(Instant.parse("2026-06-01T10:00:15Z"));
    RateLimiter rl = limiter(config());
    for (int i = 0; i < 10; i++) {
      RateLimitDecision d = rl.check(RateLimitCategory.AUTHENTICATION, "198.51.100.1");
      assertThat(d.allowed()).isTrue();
      assertThat(d.limit()).isEqualTo(10);
      assertThat(d.remaining()).isEqualTo(9 - i);
      // Sliding window: this minute's requests are entirely forgotten when the next one ends.
      assertThat(d.resetEpochSeconds()).isEqualTo(Instant.parse("2026-06-01T10:02:00Z").getEpochSecond());
    }
    RateLimitDecision refused = rl.check(RateLimitCategory.AUTHENTICATION, "198.51.100.1");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    // 45 s to the next minute, then 6 s until 10 * (60 - e) / 60 <= 9.
    assertThat(refused.retryAfterSeconds()).isEqualTo(51);
    // Another client and another category are counted apart.
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "198.51.100.2").allowed()).isTrue();
    assertThat(rl.check(RateLimitCategory.TOKEN_REFRESH, "198.51.100.1").allowed()).isTrue();
    clock.advance(Duration.ofSeconds(50));
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "198.51.100.1").allowed()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "198.51.100.1").allowed()).isTrue();
  }

  @Test
  void check_hourWindowBinds_afterMinutesAddUp() {
    clock.set(Instant.parse("2026-06-01T10:00:00Z"));
    RateLimiter rl = limiter(config().rateLimit(RateLimitCategory.PASSWORD_RESET, new RateLimitRule(5, 12)));
    int allowed = 0;
    // Every other minute, so that the per-minute sliding window is always whole again.
    for (int minute = 0; minute < 3; minute++) {
      for (int i = 0; i < 5; i++) {
        if (rl.check(RateLimitCategory.PASSWORD_RESET, "2001:db8::1").allowed()) {
          allowed++;
        }
      }
      clock.advance(Duration.ofMinutes(2));
    }
    assertThat(allowed).isEqualTo(12);
    RateLimitDecision d = rl.check(RateLimitCategory.PASSWORD_RESET, "2001:db8::1");
    assertThat(d.allowed()).isFalse();
    assertThat(d.limit()).isEqualTo(12);
    assertThat(d.resetEpochSeconds()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z").getEpochSecond());
    // 54 min to the next hour, then 5 min until 12 * (60 - e) / 60 <= 11.
    assertThat(d.retryAfterSeconds()).isEqualTo(Duration.ofMinutes(59).getSeconds());
  }

  @Test
  void check_guideDefaults_perCategory() {
    RateLimiter rl = limiter(config().rateLimitPerMinute(61));
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "10.1.1.1").limit()).isEqualTo(10);
    assertThat(rl.check(RateLimitCategory.PASSWORD_RESET, "10.1.1.1").limit()).isEqualTo(5);
    assertThat(rl.check(RateLimitCategory.TOKEN_REFRESH, "10.1.1.1").limit()).isEqualTo(30);
    assertThat(rl.check(RateLimitCategory.USER_OPERATIONS, "10.1.1.1").limit()).isEqualTo(60);
    assertThat(rl.check(RateLimitCategory.ADMIN_OPERATIONS, "10.1.1.1").limit()).isEqualTo(120);
    assertThat(rl.check(RateLimitCategory.WEBHOOKS, "10.1.1.1").limit()).isEqualTo(1000);
    assertThat(rl.check(RateLimitCategory.DEFAULT, "10.1.1.1").limit()).isEqualTo(61);
  }

  @Test
  void check_whitelistedIpv4AndIpv6Ranges_unlimited() {
    RateLimiter rl = limiter(config().rateLimitWhitelist(
        List.of("10.0.0.0/8", "::1", "2001:db8:abcd::/48")));
    for (int i = 0; i < 50; i++) {
      assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "10.20.30.40").allowed()).isTrue();
      assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "::1").allowed()).isTrue();
      assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "2001:db8:abcd:12::7").allowed()).isTrue();
    }
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "10.20.30.40").limited()).isFalse();
    assertThat(rl.isWhitelisted("11.0.0.1")).isFalse();
    assertThat(rl.isWhitelisted("2001:db8:abce::1")).isFalse();
  }

  @Test
  void check_disabled_unlimited() {
    RateLimiter rl = engine(config().rateLimitEnabled(false).build()).rateLimiter();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "1.2.3.4")).isEqualTo(
        RateLimitDecision.unlimited(RateLimitCategory.AUTHENTICATION));
  }

  @Test
  void resolveClientIp_trustsXffOnlyFromTrustedProxies_rightmostUntrusted() {
    RateLimiter rl = limiter(config().trustedProxies(List.of("10.0.0.0/8", "fd00::/8")));
    // Untrusted peer: its header is ignored.
    assertThat(rl.resolveClientIp("203.0.113.9", "1.1.1.1")).isEqualTo("203.0.113.9");
    // Trusted proxy: the right-most address that is not a proxy is the client.
    assertThat(rl.resolveClientIp("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(rl.resolveClientIp("fd00::1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
    // Only proxies in the chain: the left-most of them.
    assertThat(rl.resolveClientIp("10.0.0.1", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
    // Garbage ends the walk with an unknown client (never the proxy, never further left); no DNS
    // lookup of "evil.example".
    assertThat(rl.resolveClientIp("10.0.0.1", "198.51.100.7, evil.example")).isNull();
    assertThat(rl.resolveClientIp("10.0.0.1", (String) null)).isEqualTo("10.0.0.1");
    assertThat(rl.resolveClientIp("10.0.0.1", "  ")).isEqualTo("10.0.0.1");
  }

  @Test
  void signin_overAuthenticationLimit_rateLimitedWithRetryAfter_noHashing() {
    engine = engine(config().rateLimitEnabled(true).build());
    String email = email();
    engine.signup(email, PASSWORD, CLIENT, null);
    // Failed signins count against the budget (successful ones do not: SigninThrottleTest).
    for (int i = 0; i < 9; i++) {
      assertThatThrownBy(() -> engine.signin(email, "wrong password", CLIENT))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    int hashes = metrics.passwordHashes.get();
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> {
          RateLimitedException r = (RateLimitedException) e;
          assertThat(r.code()).isEqualTo("rate_limited");
          assertThat(r.httpStatus()).isEqualTo(429);
          assertThat(r.retryAfterSeconds()).isPositive();
          assertThat(r.decision().category()).isEqualTo(RateLimitCategory.AUTHENTICATION);
        });
    assertThat(metrics.passwordHashes.get()).isEqualTo(hashes);
    assertThat(metrics.signins).last().isEqualTo("rate_limited");
    // Another client is unaffected; its failed signin still carries the decision for the headers.
    assertThat(engine.signin(email, PASSWORD, new ClientInfo("198.51.100.99", null)).rateLimit().remaining())
        .isEqualTo(10);
    assertThatThrownBy(() -> engine.signin(email, "wrong password", new ClientInfo("198.51.100.99", null)))
        .isInstanceOf(InvalidCredentialsException.class)
        .satisfies(e -> assertThat(((JanuaException) e).rateLimit()).hasValueSatisfying(
            d -> assertThat(d.remaining()).isEqualTo(9)));
    assertThatThrownBy(() -> engine.refresh("garbage", new ClientInfo("198.51.100.99", null)))
        .satisfies(e -> assertThat(((JanuaException) e).rateLimit()).hasValueSatisfying(
            d -> assertThat(d.category()).isEqualTo(RateLimitCategory.TOKEN_REFRESH)));
  }

  @Test
  void refresh_overTokenRefreshLimit_rateLimited() {
    engine = engine(config().rateLimitEnabled(true).rateLimit(RateLimitCategory.TOKEN_REFRESH, new RateLimitRule(2, 100)).build());
    AuthResult r = engine.signup(email(), PASSWORD, CLIENT, null);
    r = engine.refresh(r.tokens().refreshToken(), CLIENT);
    r = engine.refresh(r.tokens().refreshToken(), CLIENT);
    String token = r.tokens().refreshToken();
    assertThatThrownBy(() -> engine.refresh(token, CLIENT)).isInstanceOf(RateLimitedException.class);
    assertThat(metrics.rateLimits).contains("token_refresh/false");
  }

  @Test
  void cidr_parsing() {
    assertThat(Cidr.parse("192.168.1.77/24").contains(dev.janua.internal.IpAddresses.parseLiteral("192.168.1.1"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(dev.janua.internal.IpAddresses.parseLiteral("8.8.8.8"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(dev.janua.internal.IpAddresses.parseLiteral("::1"))).isFalse();
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "10.0.0.0/8,10.200.0.1", "10.0.0.0/8,10.255.255.255", "192.168.0.0/16,192.168.200.1",
      "192.168.128.0/17,192.168.255.1", "172.16.0.0/12,172.31.250.250", "0.0.0.0/0,255.255.255.255",
      "fd00::/8,fdff:ffff::1", "2001:db8:ff00::/40,2001:db8:ffff::1"})
  void cidr_contains_addressBytesOf128AndMore(String range, String address) {
    // Regression: a host byte >= 128 sign-extended into the mask, so 10.0.0.0/8 missed 10.200.0.1.
    assertThat(Cidr.parse(range).contains(dev.janua.internal.IpAddresses.parseLiteral(address))).isTrue();
    assertThat(limiter(config().rateLimitWhitelist(range)).isWhitelisted(address)).isTrue();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "10.0.0.0/8,11.0.0.1", "192.168.128.0/17,192.168.127.255", "172.16.0.0/12,172.32.0.1",
      "fd00::/8,fe00::1", "2001:db8:ff00::/40,2001:db8:fe00::1"})
  void cidr_contains_refusesNeighbours(String range, String address) {
    assertThat(Cidr.parse(range).contains(dev.janua.internal.IpAddresses.parseLiteral(address))).isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "10.0.0.0/8|10.0.0.0/8",
      "192.168.1.77/24|192.168.1.0/24",
      " 127.0.0.1 |127.0.0.1",
      "10.0.0.1/32|10.0.0.1",
      "0.0.0.0/0|0.0.0.0/0",
      "::1|::1",
      "0:0:0:0:0:0:0:1/128|::1",
      "::|::",
      "::/0|::/0",
      "2001:DB8:0:0:0:0:0:1|2001:db8::1",
      "2001:db8:abcd:12::7/48|2001:db8:abcd::/48",
      "fe80:0:0:0:1:0:0:0|fe80::1:0:0:0",
      "1:0:0:2:0:0:0:3|1:0:0:2::3",
      "1:0:2:3:4:5:6:7|1:0:2:3:4:5:6:7",
      "[::ffff:192.0.2.1]|192.0.2.1"})
  void cidr_canonical_oneSpellingPerRange(String text, String canonical) {
    assertThat(Cidr.parse(text).canonical()).isEqualTo(canonical);
    assertThat(Cidr.parse(canonical)).isEqualTo(Cidr.parse(text));
  }

  @Test
  void whitelistAndProxies_givenAsAnySpelling_matchTheirRange() {
    RateLimiter rl = limiter(config().rateLimitWhitelist("10.1.2.3/8", "0:0:0:0:0:0:0:1")
        .trustedProxies("192.168.7.1/24"));
    assertThat(rl.isWhitelisted("10.200.0.1")).isTrue();
    assertThat(rl.isWhitelisted("::1")).isTrue();
    assertThat(rl.isWhitelisted("11.0.0.1")).isFalse();
    assertThat(rl.isWhitelisted(null)).isFalse();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "10.9.9.9").limited()).isFalse();
    assertThat(rl.resolveClientIp("192.168.7.200", "198.51.100.4")).isEqualTo("198.51.100.4");
    assertThat(rl.resolveClientIp("192.168.8.1", "198.51.100.4")).isEqualTo("192.168.8.1");
    assertThat(rl.resolveClientIp(null, "198.51.100.4")).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256",
      " 1.2.3.4", "1..3.4", "1.2.3.4.", "a.b.c.d", "1.2.3.-4", "1234.1.1.1", ""})
  void parseIpv4_rejectsNonCanonical(String text) {
    assertThat(dev.janua.internal.IpAddresses.parseIpv4(text)).isNull();
  }

  @Test
  void parseIpv4_canonical() {
    assertThat(dev.janua.internal.IpAddresses.parseIpv4("0.0.0.0")).containsExactly(0, 0, 0, 0);
    assertThat(dev.janua.internal.IpAddresses.parseIpv4("255.10.0.9")).containsExactly((byte) 255, 10, 0, 9);
    // Non-canonical but valid forms still count as one client, keyed canonically.
    RateLimiter rl = limiter(config());
    rl.check(RateLimitCategory.AUTHENTICATION, "::ffff:192.0.2.1");
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "192.0.2.1").remaining()).isEqualTo(8);
  }

  @Test
  void resolveClientIp_everyHeaderLine_readAsOneListInOrder() {
    RateLimiter rl = limiter(config().trustedProxies("10.0.0.0/8"));
    // A forged first line, then the line the proxy added: the proxy's line is the truth.
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("1.2.3.4", "203.0.113.5")))
        .isEqualTo("203.0.113.5");
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("6.6.6.6", "198.51.100.7, 10.0.0.2")))
        .isEqualTo("198.51.100.7");
    // Empty list elements are no hops (RFC 9110 5.6.1).
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("198.51.100.8, ,", " ", "10.0.0.2")))
        .isEqualTo("198.51.100.8");
    assertThat(rl.resolveClientIp("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
  }

  @Test
  void resolveClientIp_malformedHopBeforeWhitelistedProxy_isNeverWhitelisted() {
    RateLimiter rl = limiter(config().trustedProxies("10.0.0.0/8").rateLimitWhitelist("10.0.0.0/8"));
    String client = rl.resolveClientIp("10.0.0.1", List.of("garbage", "10.0.0.2"));
    assertThat(client).isNull();
    assertThat(rl.isWhitelisted(client)).isFalse();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, client).limited()).isTrue();
    // Nor skipped to reach the (whitelisted) address to its left.
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("10.9.9.9, _hidden"))).isNull();
  }

  @Test
  void resolveClientIp_forwardedHeaderConfigured_readsRfc7239ForNodes() {
    RateLimiter rl = limiter(config().trustedProxies("10.0.0.0/8")
        .forwardedHeader(ForwardedHeader.FORWARDED));
    assertThat(rl.forwardedHeader().headerName()).isEqualTo("Forwarded");
    assertThat(rl.resolveClientIp("10.0.0.1",
        List.of("for=192.0.2.60;proto=http;by=203.0.113.43", "For=\"10.0.0.7:8080\"")))
        .isEqualTo("192.0.2.60");
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("for=\"[2001:db8:cafe::17]:4711\"")))
        .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("for=6.6.6.6, for=unknown"))).isNull();
    assertThat(rl.resolveClientIp("10.0.0.1", List.of("proto=https"))).isNull();
  }

  @Test
  void check_ipv6_keyedByTheConfiguredPrefix() {
    RateLimiter rl = limiter(config().rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(2, 100)));
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:2::1").allowed()).isTrue();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:2:ffff::9").allowed()).isTrue();
    // A third address of the same /64 shares its budget; another /64 has its own.
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:2:abcd::7").allowed()).isFalse();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:3::1").allowed()).isTrue();
    // IPv4 stays per address.
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "192.0.2.1").allowed()).isTrue();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "192.0.2.2").allowed()).isTrue();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "192.0.2.2").allowed()).isTrue();
    assertThat(rl.check(RateLimitCategory.AUTHENTICATION, "192.0.2.2").allowed()).isFalse();

    RateLimiter wide = limiter(config().rateLimitIpv6Prefix(48)
        .rateLimit(RateLimitCategory.AUTHENTICATION, new RateLimitRule(1, 100)));
    assertThat(wide.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:2::1").allowed()).isTrue();
    assertThat(wide.check(RateLimitCategory.AUTHENTICATION, "2001:db8:1:99::1").allowed()).isFalse();
  }

  @Test
  void config_ipv6PrefixAndForwardedHeader_fromEnvironmentAndChecked() {
    assertThatThrownBy(() -> config().rateLimitIpv6Prefix(0))
        .hasMessageContaining("RATE_LIMIT_IPV6_PREFIX");
    assertThatThrownBy(() -> ForwardedHeader.parse("x-real-ip"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ForwardedHeader.parse("Forwarded")).isEqualTo(ForwardedHeader.FORWARDED);
    assertThat(JanuaConfig.defaults().rateLimitIpv6Prefix()).isEqualTo(64);
    assertThat(JanuaConfig.defaults().forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
    JanuaConfig env = JanuaConfig.fromMap(java.util.Map.of("RATE_LIMIT_IPV6_PREFIX", "56",
        "FORWARDED_HEADER", "forwarded"));
    assertThat(env.rateLimitIpv6Prefix()).isEqualTo(56);
    assertThat(env.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
  }
}
