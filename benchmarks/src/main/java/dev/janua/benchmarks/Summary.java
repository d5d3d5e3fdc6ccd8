package dev.janua.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JMH JSON result file and prints the table: per row the Janua score, the floor or
 * peer score from the same run, their ratio, the aim, and whether it was met. Scores are the median
 * of the measurement iterations (robust against one noisy iteration on a small machine).
 *
 * <p>Usage: {@code Summary RESULTS.json... [--round RESULTS.json...]... [--markdown] [--skipped
 * postgres,redis]} (the files of a round are merged; a missing one is ignored; each {@code --round}
 * starts another round, see {@link #print}). A row whose
 * benchmarks have no result is shown as skipped, with the reason when {@code --skipped} names its
 * service. Exits 0 whatever the verdicts: benchmarks are not tests.
 */
public final class Summary {
  private static final String PKG = "dev.janua.benchmarks.";

  /** How a row's aim is judged. */
  enum Aim {
    /** Janua time / peer time must not exceed the bound. */
    AT_MOST,
    /** Peer time / Janua time must be at least the bound. */
    SPEEDUP_AT_LEAST,
    /** Shown for information; no aim. */
    INFO
  }

  /** One line of the table. */
  record Row(String path, String comparedWith, String janua, String peer, Aim aim, double bound,
      String aimText, String needs) {}

  static final List<Row> ROWS = List.of(
      new Row("validate, first sight", "bare java.security.Signature RS256 verify (no parsing)",
          "ValidateFirstSightBenchmark.janua", "ValidateFirstSightBenchmark.bareVerify",
          Aim.AT_MOST, 1.05, "within 1.05x", null),
      new Row("validate, first sight", "bare jjwt RS256 parse+verify",
          "ValidateFirstSightBenchmark.janua", "ValidateFirstSightBenchmark.jjwt",
          Aim.AT_MOST, 1.10, "within 10%", null),
      new Row("validate, first sight", "Nimbus SignedJWT + RSASSAVerifier",
          "ValidateFirstSightBenchmark.janua", "ValidateFirstSightBenchmark.nimbus",
          Aim.AT_MOST, 1.00, "at least as fast", null),
      new Row("validate, same token again", "jjwt + Caffeine of claims + session lookup",
          "ValidateAgainBenchmark.janua", "ValidateAgainBenchmark.jjwtCached",
          Aim.AT_MOST, 1.2, "within 1.2x", null),
      new Row("validate, same token again", "Nimbus + Caffeine of claims + session lookup",
          "ValidateAgainBenchmark.janua", "ValidateAgainBenchmark.nimbusCached",
          Aim.AT_MOST, 1.2, "within 1.2x", null),
      new Row("validate, same token again", "jjwt + Caffeine expiring at exp (as Janua's; info)",
          "ValidateAgainBenchmark.janua", "ValidateAgainBenchmark.jjwtCachedExpiring",
          Aim.INFO, 0, "(info)", null),
      new Row("validate, same token again", "bare jjwt verify (no cache; unfair, info)",
          "ValidateAgainBenchmark.janua", "ValidateAgainBenchmark.jjwt",
          Aim.INFO, 0, "(info)", null),
      new Row("authenticate, API token seen before", "validate, access token seen before",
          "ApiTokenBenchmark.apiToken", "ApiTokenBenchmark.accessToken", Aim.AT_MOST, 1.5,
          "within 1.5x", null),
      new Row("validate on JDBC behind the tiered cache, L1 miss (first request on an instance)",
          "bare RS256 verify + bare PostgreSQL primary-key SELECT",
          "JdbcValidateBenchmark.januaL1Miss", "JdbcValidateBenchmark.floor",
          Aim.AT_MOST, 1.3, "within 1.3x", "postgres"),
      new Row("validate on JDBC behind the tiered cache, L1 hit (no database; info)",
          "cached validate on the in-memory store",
          "JdbcValidateBenchmark.janua", "JdbcValidateBenchmark.inMemoryCached",
          Aim.INFO, 0, "(info)", "postgres"),
      new Row("validate on instance B of a two-instance fleet (acknowledged bus running)",
          "cached validate on a single instance (PostgreSQL, L1)",
          "FleetValidateBenchmark.fleetB", "FleetValidateBenchmark.single",
          Aim.AT_MOST, 1.2, "within 1.2x", "redis"),
      new Row("signin, in-memory, BCRYPT_ROUNDS 10", "bare at.favre bcrypt verify, cost 10",
          "SigninBenchmark.janua", "SigninBenchmark.favre", Aim.AT_MOST, 1.05, "within 5%", null),
      new Row("signin, known device, in-memory, BCRYPT_ROUNDS 10",
          "bare at.favre bcrypt verify, cost 10", "SigninBenchmark.januaKnownDevice",
          "SigninBenchmark.favre", Aim.AT_MOST, 1.05, "within 5%", null),
      new Row("signin, in-memory, BCRYPT_ROUNDS 10", "Spring BCryptPasswordEncoder(10).matches",
          "SigninBenchmark.janua", "SigninBenchmark.spring", Aim.INFO, 0, "(peer)", null),
      new Row("refresh, JDBC store", "the same statements in one transaction + user read + RS256 sign",
          "JdbcRefreshBenchmark.janua", "JdbcRefreshBenchmark.floor", Aim.AT_MOST, 1.3,
          "within 1.3x", "postgres"),
      new Row("TOTP verification (mfa().verifyTotp)", "bare java-otp: 3 codes of the window",
          "TotpBenchmark.janua", "TotpBenchmark.floor", Aim.AT_MOST, 1.5, "within 1.5x", null),
      // Issue 16 asks for passkey verification against bare webauthn4j and names no bound. A
      // sign-in also signs an access token, which bare verification never does: the aim (1.5x,
      // ours) is against webauthn4j plus that signature; bare webauthn4j is shown beside it.
      new Row("passkey sign-in (passkeys().signin: assertion verified, session started)",
          "bare webauthn4j verify + one RS256 access-token signature",
          "PasskeyBenchmark.janua", "PasskeyBenchmark.webauthn4jAndSign", Aim.AT_MOST, 1.5,
          "within 1.5x", null),
      new Row("passkey sign-in (passkeys().signin)", "bare webauthn4j verify alone (info)",
          "PasskeyBenchmark.janua", "PasskeyBenchmark.webauthn4j", Aim.INFO, 0, "(info)", null),
      new Row("checkPermission, warm", "bare Caffeine getIfPresent",
          "PermissionBenchmark.janua", "PermissionBenchmark.caffeine", Aim.AT_MOST, 3.0,
          "within 3x", null),
      new Row("checkPermission, warm", "Caffeine get + the session's liveness (map get, clock read)",
          "PermissionBenchmark.janua", "PermissionBenchmark.caffeineAndLiveness", Aim.INFO, 0,
          "(info)", null),
      new Row("rate-limit decision, local", "bare Caffeine get",
          "LocalRateLimitBenchmark.janua", "LocalRateLimitBenchmark.caffeine", Aim.AT_MOST, 3.0,
          "within 3x", null),
      new Row("rate-limit decision, Redis", "one bare Lettuce GET round trip",
          "RedisRateLimitBenchmark.janua", "RedisRateLimitBenchmark.lettuceGet", Aim.AT_MOST, 1.3,
          "within 1.3x", "redis"),
      new Row("rate-limit decision, Redis", "Bucket4j Lettuce proxy manager",
          "RedisRateLimitBenchmark.janua", "RedisRateLimitBenchmark.bucket4j", Aim.AT_MOST, 1.0,
          "faster", "redis"),
      new Row("rate-limit decision, Redis Cluster (3 masters)", "the same decision, single Redis server",
          "RedisClusterBenchmark.cluster", "RedisClusterBenchmark.single", Aim.AT_MOST, 1.5,
          "within 1.5x", "redis-server"),
      new Row("scaling: validate (cached), 100k live sessions, L1 50k",
          "the same, 1k live sessions", "ScalingBenchmark.validate[size=100000]",
          "ScalingBenchmark.validate[size=1000]", Aim.AT_MOST, 1.5, "within 1.5x", null),
      new Row("scaling: validate (cached), 1M live sessions, L1 50k",
          "the same, 1k live sessions", "ScalingBenchmark.validate[size=1000000]",
          "ScalingBenchmark.validate[size=1000]", Aim.AT_MOST, 1.5, "within 1.5x", null),
      new Row("scaling: checkPermission, organization of 100k members",
          "the same, 1k members", "ScalingBenchmark.checkPermission[size=100000]",
          "ScalingBenchmark.checkPermission[size=1000]", Aim.AT_MOST, 1.5, "within 1.5x", null),
      new Row("scaling: checkPermission, organization of 1M members",
          "the same, 1k members", "ScalingBenchmark.checkPermission[size=1000000]",
          "ScalingBenchmark.checkPermission[size=1000]", Aim.AT_MOST, 1.5, "within 1.5x", null),
      new Row("tiered cache read, L1 hit", "bare Caffeine get",
          "TieredCacheBenchmark.l1Hit", "TieredCacheBenchmark.caffeine", Aim.AT_MOST, 2.0,
          "within 2x", "redis"),
      new Row("tiered cache read, L2 hit", "bare Lettuce GET",
          "TieredCacheBenchmark.l2Hit", "TieredCacheBenchmark.lettuceGet", Aim.AT_MOST, 1.3,
          "within 1.3x", "redis"));

  private Summary() {}

  /**
   * Prints the table.
   *
   * @param args JMH JSON files, then optional {@code --markdown} and {@code --skipped LIST}
   * @throws IOException when the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: Summary RESULTS.json... [--markdown] [--skipped postgres,redis]");
      System.exit(2);
    }
    boolean markdown = false;
    Set<String> skipped = new HashSet<>();
    List<Map<String, Score>> rounds = new ArrayList<>();
    rounds.add(new HashMap<>());
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--markdown")) {
        markdown = true;
      } else if (args[i].equals("--skipped") && i + 1 < args.length) {
        skipped.addAll(List.of(args[++i].split(",")));
      } else if (args[i].equals("--round")) {
        if (!rounds.get(rounds.size() - 1).isEmpty()) {
          rounds.add(new HashMap<>());
        }
      } else if (args[i].startsWith("--")) {
        System.err.println("unknown argument: " + args[i]);
        System.exit(2);
      } else if (Files.exists(Path.of(args[i]))) {
        rounds.get(rounds.size() - 1).putAll(read(Path.of(args[i])));
      }
    }
    rounds.removeIf(Map::isEmpty);
    print(rounds, markdown, skipped, System.out);
  }

  /** Result of one benchmark: median and unit-normalised nanoseconds per operation. */
  record Score(double nanos, double errorNanos) {}

  static Map<String, Score> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    Map<String, Score> scores = new HashMap<>();
    for (JsonNode b : root) {
      String name = b.path("benchmark").asText();
      if (name.startsWith(PKG)) {
        name = name.substring(PKG.length());
      }
      JsonNode params = b.path("params");
      if (params.isObject() && params.size() > 0) {
        List<String> kv = new ArrayList<>();
        params.fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + e.getValue().asText()));
        name = name + "[" + String.join(",", kv) + "]";
      }
      JsonNode m = b.path("primaryMetric");
      double toNanos = nanosPer(m.path("scoreUnit").asText());
      JsonNode median = m.path("scorePercentiles").path("50.0");
      double value = median.isNumber() ? median.asDouble() : m.path("score").asDouble();
      double error = m.path("scoreError").isNumber() ? m.path("scoreError").asDouble() : Double.NaN;
      scores.put(name, new Score(value * toNanos, error * toNanos));
    }
    return scores;
  }

  private static double nanosPer(String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default -> throw new IllegalArgumentException("unsupported score unit " + unit
          + " (the benchmarks use AverageTime or SampleTime)");
    };
  }

  /**
   * Prints the table of one or more rounds (each a complete set of results). With several rounds a
   * row's ratio is the median of its per-round ratios (each taken between two sides measured
   * seconds apart in the same round), its times the medians of its per-round times, and a column
   * lists every round's ratio: a round in which the machine's load changed between the two sides
   * then moves the verdict no more than one noisy iteration moves a median.
   */
  static void print(List<Map<String, Score>> rounds, boolean markdown, Set<String> skipped,
      PrintStream out) {
    boolean several = rounds.size() > 1;
    List<String[]> lines = new ArrayList<>();
    lines.add(several
        ? new String[] {"hot path", "compared with", "Janua", "peer/floor", "ratio", "aim",
            "verdict", "ratio per round"}
        : new String[] {"hot path", "compared with", "Janua", "peer/floor", "ratio", "aim",
            "verdict"});
    int met = 0;
    int missed = 0;
    int absent = 0;
    for (Row r : ROWS) {
      List<Double> js = new ArrayList<>();
      List<Double> ps = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (Map<String, Score> scores : rounds) {
        Score j = scores.get(r.janua());
        Score p = scores.get(r.peer());
        if (j != null) {
          js.add(j.nanos());
        }
        if (p != null) {
          ps.add(p.nanos());
        }
        if (j != null && p != null) {
          ratios.add(j.nanos() / p.nanos());
        }
      }
      if (ratios.isEmpty()) {
        absent++;
        String why = r.needs() != null && skipped.contains(r.needs())
            ? "SKIPPED (" + r.needs() + " not available)" : "SKIPPED (no result)";
        String[] line = {r.path(), r.comparedWith(), js.isEmpty() ? "-" : time(median(js)),
            ps.isEmpty() ? "-" : time(median(ps)), "-", r.aimText(), why, "-"};
        lines.add(several ? line : Arrays.copyOf(line, 7));
        continue;
      }
      double ratio = median(ratios);
      String ratioText;
      String verdict;
      switch (r.aim()) {
        case SPEEDUP_AT_LEAST -> {
          double speedup = 1 / ratio;
          ratioText = String.format(Locale.ROOT, "%.0fx faster", speedup);
          verdict = speedup >= r.bound() ? "MET" : "MISSED";
        }
        case AT_MOST -> {
          ratioText = String.format(Locale.ROOT, "%.2f", ratio);
          verdict = ratio <= r.bound() ? "MET" : "MISSED";
        }
        default -> {
          ratioText = String.format(Locale.ROOT, "%.2f", ratio);
          verdict = "-";
        }
      }
      if (verdict.equals("MET")) {
        met++;
      } else if (verdict.equals("MISSED")) {
        missed++;
      }
      List<String> each = new ArrayList<>();
      ratios.forEach(x -> each.add(String.format(Locale.ROOT, "%.2f", x)));
      String[] line = {r.path(), r.comparedWith(), time(median(js)), time(median(ps)),
          ratioText, r.aimText(), verdict, String.join(" / ", each)};
      lines.add(several ? line : Arrays.copyOf(line, 7));
    }
    if (markdown) {
      for (int i = 0; i < lines.size(); i++) {
        out.println("| " + String.join(" | ", lines.get(i)) + " |");
        if (i == 0) {
          out.println(several ? "|---|---|--:|--:|--:|---|---|---|" : "|---|---|--:|--:|--:|---|---|");
        }
      }
    } else {
      int[] widths = new int[lines.get(0).length];
      for (String[] l : lines) {
        for (int c = 0; c < l.length; c++) {
          widths[c] = Math.max(widths[c], l[c].length());
        }
      }
      for (String[] l : lines) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < l.length; c++) {
          boolean right = c >= 2 && c <= 4;
          String cell = right ? pad(l[c], widths[c], true) : pad(l[c], widths[c], false);
          sb.append(cell).append(c + 1 < l.length ? "  " : "");
        }
        out.println(sb.toString().stripTrailing());
      }
    }
    out.printf(Locale.ROOT, "%n%d met, %d missed, %d skipped. Ratio = Janua time / peer time "
        + "(lower is better); scores are medians of the measurement iterations%s.%n", met, missed,
        absent, several ? "; with " + rounds.size() + " rounds, the ratio is the median of the "
        + "per-round ratios and the times the medians of the per-round medians" : "");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }

  static String time(double nanos) {
    if (nanos >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    if (nanos >= 1e3) {
      return String.format(Locale.ROOT, "%.2f us", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f ns", nanos);
  }
}
