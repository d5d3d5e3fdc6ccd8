package dev.janua.examples;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.janua.AuthEngine;
import dev.janua.AuthResult;
import dev.janua.AuthorizationServerMetadata;
import dev.janua.ClientInfo;
import dev.janua.InvalidTokenException;
import dev.janua.JanuaConfig;
import dev.janua.JanuaVerifier;
import dev.janua.KeyRing;
import dev.janua.TokenFailureReason;
import dev.janua.memory.InMemoryStore;
import dev.janua.testing.MutableClock;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.UnsupportedJwtException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the access-token verifier: {@link TokenFuzzer}'s inputs (100,000 by
 * default, {@code -Djanua.fuzz.iterations=N} and {@code -Djanua.fuzz.seed=S} for longer or other
 * runs) go to Janua ({@link JanuaVerifier}, the verifier-only entry point, and {@code
 * engine.validate}, which adds the session check), to jjwt 0.13 and to Nimbus JOSE+JWT, all under
 * the same policy: one RSA key by its kid, RS256 only, {@code typ} JWT, the same issuer, audience,
 * clock and clock skew, and {@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp},
 * {@code client_id} required.
 *
 * <p>Asserted: Janua never accepts a token both peers refuse; it never throws anything but {@link
 * InvalidTokenException}; the engine agrees with the verifier (apart from its session check); and
 * every disagreement with a peer is of a class listed in {@link #EXPLAINED}, with the reason.
 */
class VerifierDifferentialFuzzTest {
  private static final int CHUNK = 2_000;
  private static final int ITERATIONS = Integer.getInteger("janua.fuzz.iterations", 100_000);
  private static final long SEED = Long.getLong("janua.fuzz.seed", 20_261_202L);
  private static final String AUDIENCE = "janua";
  private static final Set<String> REQUIRED = Set.of("sub", "sid", "jti", "iat", "exp", "client_id");
  /** The issuer's key, and another one whose signatures must never verify. */
  private static final KeyRing KEY = KeyRing.generate("RS256");
  private static final KeyRing OTHER = KeyRing.generate("RS256");

  /**
   * Every kind of disagreement between Janua's verdict and its peers', keyed {@code
   * janua=<verdict> jjwt=<accept|refuse> nimbus=<accept|refuse>}, with why it is right. Janua is
   * stricter than both peers in each of these, except where said; none is a token Janua accepts
   * and both peers refuse (that is asserted separately and never allowed). Where each peer has a
   * leniency of its own (jjwt reading cty and x5t, Nimbus counting exp + skew as expired), one
   * token can combine both, so Janua refuses whatever only one peer would take and it never needs
   * (cty, x5t, blank required claims).
   */
  static final Map<String, String> EXPLAINED = Map.ofEntries(
      // ---- Janua accepts, one peer refuses (never both: asserted above)
      entry("janua=accept jjwt=accept nimbus=refuse", "Nimbus parses every member of the header"
          + " and claims eagerly and refuses what Janua never reads: a number out of double range"
          + " (1e309) in an unknown member; a NumericDate at exactly exp + skew, which Nimbus"
          + " counts as expired and Janua and jjwt as the last valid second"),
      // ---- Janua refuses: its own rules, stricter than the peers'
      entry("janua=forbidden_header jjwt=accept nimbus=accept", "jku, x5u, jwk, x5c or crit in"
          + " the header: the peers ignore key-bearing headers they are not told to use; Janua"
          + " refuses any token that brings its own key or a URL to fetch one (key injection)"),
      entry("janua=forbidden_header jjwt=accept nimbus=refuse", "as above, where Nimbus also"
          + " refuses the header's value (a crit it does not understand, a jwk it cannot parse)"),
      entry("janua=forbidden_header jjwt=refuse nimbus=accept", "as above, where jjwt also"
          + " refuses the value (an x5c that is not a certificate chain)"),
      entry("janua=lifetime_exceeded jjwt=accept nimbus=accept", "exp - iat longer than the"
          + " access-token lifetime plus skew: a Janua-only rule (no maximum token age in the"
          + " peers), against tokens that never expire"),
      entry("janua=lifetime_exceeded jjwt=accept nimbus=refuse", "as above, with Nimbus also"
          + " refusing another member's value (1e309)"),
      entry("janua=lifetime_exceeded jjwt=refuse nimbus=accept", "as above, with jjwt also"
          + " refusing another member's value"),
      entry("janua=not_yet_valid jjwt=accept nimbus=accept", "iat in the future beyond the skew:"
          + " a Janua-only rule (the peers check only exp and nbf)"),
      entry("janua=not_yet_valid jjwt=accept nimbus=refuse", "as above, with Nimbus also"
          + " refusing another member's value"),
      entry("janua=not_yet_valid jjwt=refuse nimbus=accept", "as above, with jjwt also"
          + " refusing another member's value"),
      entry("janua=wrong_token_type jjwt=refuse nimbus=accept", "typ compared exactly (\"jwt\""
          + " is not \"JWT\"): Nimbus compares media types case-insensitively; one spelling"),
      entry("janua=missing_claim jjwt=refuse nimbus=accept", "a required claim present as JSON"
          + " null or a blank string: Nimbus counts the member as present; Janua (and jjwt) as"
          + " missing"),
      entry("janua=missing_claim jjwt=accept nimbus=accept", "a blank sid or client_id: jjwt"
          + " drops blank registered claims only, Nimbus none; Janua counts any blank required"
          + " claim as missing (no issuer mints one)"),
      entry("janua=non_canonical jjwt=accept nimbus=accept", "a second spelling of the same bytes:"
          + " base64url padding, non-zero unused bits in the last character of a segment or the"
          + " signature; both peers decode leniently, Janua keeps one string per token"),
      entry("janua=non_canonical jjwt=accept nimbus=refuse", "as above, with Nimbus also refusing"
          + " a claim value"),
      entry("janua=non_canonical jjwt=refuse nimbus=accept", "as above, with jjwt also refusing"
          + " (a claim it reads as missing, or padding it refuses where Nimbus does not)"),
      entry("janua=malformed jjwt=accept nimbus=accept", "strict types and shape where the peers"
          + " are lenient: a claim Janua reads (client_id, sid, org, scope, roles, aud) of the"
          + " wrong JSON type, duplicate members (another parser could read the other one), zip,"
          + " enc, b64, cty or x5t headers, a NumericDate out of"
          + " 0..9999-12-31 or a string, standard-alphabet or whitespace characters in a segment"),
      entry("janua=malformed jjwt=accept nimbus=refuse", "as above; also JSON that is not plain"
          + " UTF-8 (a BOM, UTF-16, overlong forms, lone surrogates) that jjwt decodes leniently"),
      entry("janua=malformed jjwt=refuse nimbus=accept", "as above; also characters outside the"
          + " base64url alphabet (whitespace, '+', '/', '=') in a segment or the signature, and"
          + " whitespace around the token, which Nimbus's decoder skips")
  );

  private HttpServer server;
  private AuthEngine engine;
  private MutableClock clock;

  @BeforeEach
  void startIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    clock = MutableClock.startingAt2026();
    engine = AuthEngine.builder().config(JanuaConfig.builder().publicBaseUrl(issuer)
            .bcryptRounds(4).rateLimitEnabled(false).emailVerification(false).build())
        .store(new InMemoryStore()).clock(clock).keyRing(KEY).build();
    server.createContext(AuthorizationServerMetadata.OAUTH_PATH,
        ex -> answer(ex, engine.oauth().metadata().json()));
    server.createContext(AuthorizationServerMetadata.JWKS_PATH, ex -> answer(ex, engine.jwks()));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    engine.close();
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  /** A verdict: accepted, or refused with a reason (Janua's code, or the peer's exception). */
  record Verdict(boolean accepted, String reason) {
    static final Verdict ACCEPT = new Verdict(true, "accept");

    String label() {
      return accepted ? "accept" : "refuse";
    }
  }

  @Test
  void fuzz_verdicts_neverLooserThanBothPeers_andEveryDisagreementExplained() throws Exception {
    JanuaConfig config = engine.config();
    AuthResult signedUp = engine.signup("fuzz@example.com", "correct horse battery",
        new ClientInfo("203.0.113.9", "fuzz"), "Fuzz");
    String issued = signedUp.tokens().accessToken();
    long now = clock.instant().getEpochSecond();
    long skew = config.clockSkew().getSeconds();
    JanuaVerifier verifier = JanuaVerifier.builder(config.issuer()).clock(clock)
        .audience(AUDIENCE).clockSkew(config.clockSkew()).maxTokenLifetime(config.accessTokenTtl())
        .build();
    PublicKey pub = KEY.active().publicKey();
    String kid = KEY.active().kid();
    JwtParser jjwt = jjwt(config.issuer(), pub, kid, skew, now);
    DefaultJWTProcessor<SecurityContext> nimbus = nimbus(config.issuer(), pub, kid, skew, now);

    List<TokenFuzzer.Member> header = members(issued, 0);
    List<TokenFuzzer.Member> claims = members(issued, 1);
    Map<String, String> signatures = new java.util.concurrent.ConcurrentHashMap<>();
    Supplier<TokenFuzzer> fuzzers = () -> new TokenFuzzer(header, claims,
        KEY.active().privateKey(), OTHER.active().privateKey(), now, skew,
        config.accessTokenTtl().getSeconds(), config.issuer(), signatures);
    assertThat(fuzzers.get().valid()).isEqualTo(issued); // the fuzzer signs exactly as Janua does

    // Fixed chunks, each with its own seed: the same inputs whatever the number of threads.
    long started = System.nanoTime();
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Tally>> chunks = new ArrayList<>();
    for (int done = 0, chunk = 0; done < ITERATIONS; done += CHUNK, chunk++) {
      Random random = new Random(SEED * 1_000_003L + chunk);
      int size = Math.min(CHUNK, ITERATIONS - done);
      chunks.add(pool.submit(() -> fuzz(fuzzers.get(), random, size,
          token -> verifier.verify(token), token -> engine.validate(token),
          token -> jjwtVerify(jjwt, token), token -> nimbus.process(token, null))));
    }
    Tally total = new Tally();
    try {
      for (Future<Tally> f : chunks) {
        total.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.printf("Verifier fuzz: %d inputs (seed %d) in %d ms on %d threads, %d RSA"
        + " signatures made; CPU ms: generate %d, janua %d, engine %d, jjwt %d, nimbus %d%n",
        ITERATIONS, SEED, millis, threads, total.signatures, total.nanos[0] / 1_000_000,
        total.nanos[1] / 1_000_000, total.nanos[2] / 1_000_000, total.nanos[3] / 1_000_000,
        total.nanos[4] / 1_000_000);
    total.verdicts.forEach((k, v) -> System.out.printf("  janua %-32s %8d%n", k, v));
    total.classes.forEach((k, v) -> System.out.printf("  %-60s %8d%n", k, v));
    total.examples.forEach((k, v) -> System.out.printf("    %s e.g. %s%n", k, v));
    Map<String, String> examples = total.examples;
    Map<String, Integer> classes = total.classes;
    Map<String, Integer> januaVerdicts = total.verdicts;
    List<String> violations = total.violations;

    assertThat(violations).isEmpty();
    List<String> unexplained = new ArrayList<>();
    classes.keySet().stream().filter(k -> !EXPLAINED.containsKey(k)).forEach(k -> examples
        .forEach((e, v) -> unexplained.add(e.startsWith(k + " |") ? k + " e.g. " + v : null)));
    unexplained.removeIf(java.util.Objects::isNull);
    assertThat(unexplained).as("disagreements not in EXPLAINED").isEmpty();
    // The re-signed mutations reach every claim check, and valid variants are accepted.
    assertThat(januaVerdicts).containsKeys("accept", "expired", "not_yet_valid", "wrong_issuer",
        "wrong_audience", "missing_claim", "lifetime_exceeded", "malformed", "non_canonical",
        "bad_signature", "forbidden_header", "algorithm_not_allowed", "unknown_key",
        "wrong_token_type");
  }

  /** What one chunk of inputs found. */
  static final class Tally {
    final Map<String, Integer> classes = new TreeMap<>();
    final Map<String, String> examples = new TreeMap<>();
    final Map<String, Integer> verdicts = new TreeMap<>();
    final List<String> violations = new ArrayList<>();
    final long[] nanos = new long[5];
    long signatures;

    void add(Tally t) {
      t.classes.forEach((k, v) -> classes.merge(k, v, Integer::sum));
      t.examples.forEach(examples::putIfAbsent);
      t.verdicts.forEach((k, v) -> verdicts.merge(k, v, Integer::sum));
      violations.addAll(t.violations.subList(0, Math.min(t.violations.size(),
          Math.max(0, 20 - violations.size()))));
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] += t.nanos[i];
      }
      signatures += t.signatures;
    }
  }

  /** A verifier under test: returns when it accepts, throws when it refuses. */
  @FunctionalInterface
  interface Check {
    void verify(String token) throws Exception;
  }

  private static Tally fuzz(TokenFuzzer fuzzer, Random random, int size, Check verifier,
      Check engine, Check jjwt, Check nimbus) {
    Tally tally = new Tally();
    for (int i = 0; i < size && tally.violations.size() < 20; i++) {
      long t0 = System.nanoTime();
      TokenFuzzer.Input input = fuzzer.next(random);
      String token = input.token();
      Verdict janua;
      Verdict viaEngine;
      long t1 = System.nanoTime();
      long t2 = t1;
      try {
        janua = janua(() -> verifier.verify(token));
        t2 = System.nanoTime();
        viaEngine = janua(() -> engine.verify(token));
      } catch (Throwable t) {
        tally.violations.add("Janua threw " + t + " for " + describe(input));
        continue;
      }
      long t3 = System.nanoTime();
      Verdict j = peer(() -> jjwt.verify(token));
      long t4 = System.nanoTime();
      Verdict n = peer(() -> nimbus.verify(token));
      long[] at = {t0, t1, t2, t3, t4, System.nanoTime()};
      for (int k = 0; k < 5; k++) {
        tally.nanos[k] += at[k + 1] - at[k];
      }
      tally.verdicts.merge(janua.reason(), 1, Integer::sum);
      if (!viaEngine.equals(janua)
          && !(janua.accepted() && viaEngine.reason().equals("session_revoked"))) {
        tally.violations.add("engine.validate said " + viaEngine + " where the verifier said "
            + janua + " for " + describe(input));
      }
      if (janua.accepted() && !j.accepted() && !n.accepted()) {
        tally.violations.add("Janua accepted what jjwt (" + j.reason() + ") and Nimbus ("
            + n.reason() + ") refuse: " + describe(input));
      }
      if (janua.accepted() != j.accepted() || janua.accepted() != n.accepted()) {
        String key = "janua=" + janua.reason() + " jjwt=" + j.label() + " nimbus=" + n.label();
        tally.classes.merge(key, 1, Integer::sum);
        tally.examples.putIfAbsent(key + " | " + input.family(), "jjwt " + j.reason()
            + ", nimbus " + n.reason() + ": " + describe(input));
      }
    }
    tally.signatures = fuzzer.signatures();
    return tally;
  }

  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  private static Verdict janua(Call call) throws Exception {
    try {
      call.run();
      return Verdict.ACCEPT;
    } catch (InvalidTokenException e) {
      return new Verdict(false, e.reason().code());
    }
  }

  /** A peer's refusal may be any exception, even an Error (a parser's stack overflow). */
  private static Verdict peer(Call call) {
    try {
      call.run();
      return Verdict.ACCEPT;
    } catch (Throwable t) {
      return new Verdict(false, t.getClass().getSimpleName());
    }
  }

  // ------------------------------------------------------------------ the peers' policy

  private static JwtParser jjwt(String issuer, PublicKey pub, String kid, long skew, long now) {
    Date fixed = new Date(now * 1000);
    return Jwts.parser()
        .keyLocator(new LocatorAdapter<Key>() {
          @Override
          protected Key locate(JwsHeader header) {
            if (!"RS256".equals(header.getAlgorithm()) || !kid.equals(header.getKeyId())) {
              throw new UnsupportedJwtException("not RS256 with the issuer's kid");
            }
            return pub;
          }
        })
        .requireIssuer(issuer).requireAudience(AUDIENCE)
        .clockSkewSeconds(skew).clock(() -> fixed)
        .build();
  }

  /** jjwt has no typ or required-claim setting: the same rules, checked after parsing. */
  private static void jjwtVerify(JwtParser parser, String token) {
    Jws<Claims> jws = parser.parseSignedClaims(token);
    if (!"JWT".equals(jws.getHeader().getType())) {
      throw new UnsupportedJwtException("typ");
    }
    for (String name : REQUIRED) {
      if (jws.getPayload().get(name) == null) {
        throw new UnsupportedJwtException("missing " + name);
      }
    }
  }

  private static DefaultJWTProcessor<SecurityContext> nimbus(String issuer, PublicKey pub,
      String kid, long skew, long now) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("JWT")));
    p.setJWSKeySelector((header, context) -> JWSAlgorithm.RS256.equals(header.getAlgorithm())
        && kid.equals(header.getKeyID()) ? List.<Key>of(pub) : List.of());
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE,
        new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED) {
      @Override
      protected Date currentTime() {
        return new Date(now * 1000);
      }
    };
    claims.setMaxClockSkew((int) skew);
    p.setJWTClaimsSetVerifier(claims);
    return p;
  }

  // ------------------------------------------------------------------ helpers

  /** The members of a token's header (0) or claims (1), as raw JSON, in their order. */
  private static List<TokenFuzzer.Member> members(String token, int part) throws IOException {
    JsonNode node = new ObjectMapper().readTree(
        Base64.getUrlDecoder().decode(token.split("\\.")[part]));
    List<TokenFuzzer.Member> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(new TokenFuzzer.Member(TokenFuzzer.lit(e.getKey()), e.getValue().toString()));
    }
    return out;
  }

  /** The input's family and its first two segments decoded (leniently), for a human. */
  private static String describe(TokenFuzzer.Input input) {
    StringBuilder b = new StringBuilder(input.family()).append(" [");
    String[] parts = input.token().split("\\.", -1);
    for (int i = 0; i < Math.min(2, parts.length); i++) {
      String text;
      try {
        String p = parts[i].replace('+', '-').replace('/', '_').replaceAll("[^A-Za-z0-9_-]", "");
        text = new String(Base64.getUrlDecoder().decode(
            p.substring(0, p.length() - (p.length() % 4 == 1 ? 1 : 0))), StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        text = "?" + parts[i];
      }
      b.append(i == 0 ? "" : " . ").append(text);
    }
    String s = b.append("] ").append(parts.length).append(" parts, ").append(input.token().length())
        .append(" chars").toString().replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}
