package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janua.Notification;
import dev.janua.testing.MutableClock;
import dev.janua.testing.RecordingNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Invitations over real HTTP: an owner invites an address, the invitation message (taken from a
 * recording notifier) carries the link, the invited person signs up with that address, has it
 * verified, and accepts; pending lists, revocation, supersession, expiry and the refusals. Mixed
 * into {@link ExampleServerSuite}, so they run on every backend; the suite starts the service with
 * {@code INVITATION_EXPIRE_HOURS=1} and a {@link RecordingNotifier}.
 */
interface InvitationRoutesTests {
  ObjectMapper INVITATION_MAPPER = new ObjectMapper();
  HttpClient INVITATION_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Simulated callers get addresses of their own (198.19.128.0/17: benchmarking, never real). */
  AtomicInteger INVITATION_CALLERS = new AtomicInteger();
  String INVITATION_PASSWORD = "correct horse battery";

  /** The service's base URL, which is also its {@code PUBLIC_BASE_URL}. */
  String baseUrl();

  /** The engine's clock. */
  MutableClock clock();

  /** What the engine delivered. */
  RecordingNotifier notifications();

  /**
   * Marks the account's email verified in the service's store, as following the verification
   * link would (the email-verification flow is another feature's; this test does not depend on it).
   */
  void markEmailVerified(String userId, String email);

  // ------------------------------------------------------------------ flows

  @Test
  default void invitation_inviteMailAcceptOverHttp_memberWithRole_listedThenGone() throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String email = freshEmail("colleague");

    Ans invited = owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email.toUpperCase(java.util.Locale.ROOT) + "\",\"role\":\"admin\"}");
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    assertThat(invited.header("X-RateLimit-Limit")).isNotBlank();
    JsonNode inv = invited.json();
    assertThat(inv.path("email").asText()).isEqualTo(email);
    assertThat(inv.path("role").asText()).isEqualTo("admin");
    assertThat(inv.path("organization_id").asText()).isEqualTo(orgId);
    assertThat(inv.path("invited_by").asText()).isEqualTo(owner.userId);
    assertThat(inv.path("expires_at").asText()).isNotBlank();
    assertThat(inv.has("token")).isFalse();

    Notification.Invitation mail = nextInvitationTo(email);
    assertThat(mail.link()).startsWith(baseUrl() + "/accept-invitation?token=jiv_");
    assertThat(mail.organizationName()).isEqualTo("Invitations Inc");
    assertThat(mail.role()).isEqualTo("admin");
    String token = RecordingNotifier.token(mail.link());

    Ans listed = owner.get("/api/v1/organizations/" + orgId + "/invitations");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("data")).hasSize(1);
    assertThat(listed.json().path("data").get(0).path("id").asText()).isEqualTo(inv.path("id").asText());
    assertThat(listed.body()).doesNotContain(token).doesNotContain("token_hash");

    Person colleague = Person.signup(this, email);
    markEmailVerified(colleague.userId, email);
    Ans accepted = colleague.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().path("organization_id").asText()).isEqualTo(orgId);
    assertThat(accepted.json().path("user_id").asText()).isEqualTo(colleague.userId);
    assertThat(accepted.json().path("role").asText()).isEqualTo("admin");
    assertThat(accepted.json().path("status").asText()).isEqualTo("active");

    // The new admin reads the members at once (no stale cached "not a member").
    Ans members = colleague.get("/api/v1/organizations/" + orgId + "/members");
    assertThat(members.status()).isEqualTo(200);
    assertThat(members.json().path("data")).hasSize(2);
    assertThat(owner.get("/api/v1/organizations/" + orgId + "/invitations").json().path("data"))
        .isEmpty();

    // Used: one error code for every dead token; already a member: conflict.
    assertError(colleague.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}"),
        400, "invitation_invalid");
    assertError(owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}"), 409, "conflict");
  }

  @Test
  default void invitation_wrongOrUnverifiedEmail_typedErrors_thenAcceptedOnceVerified()
      throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String email = freshEmail("unverified");
    assertThat(owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}").status()).isEqualTo(201);
    String token = RecordingNotifier.token(nextInvitationTo(email).link());

    Person other = Person.signup(this);
    markEmailVerified(other.userId, other.email);
    assertError(other.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}"), 403,
        "invitation_email_mismatch");
    Person invitee = Person.signup(this, email);
    assertError(invitee.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}"), 403,
        "email_not_verified");
    assertError(invitee.get("/api/v1/organizations/" + orgId), 403, "permission_denied");
    markEmailVerified(invitee.userId, email);
    Ans ok = invitee.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("role").asText()).isEqualTo("member");
    assertThat(invitee.get("/api/v1/organizations/" + orgId).status()).isEqualTo(200);
  }

  @Test
  default void invitation_revokedSupersededUnknownMissing_refused() throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String email = freshEmail("revoked");
    owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    String superseded = RecordingNotifier.token(nextInvitationTo(email).link());
    String id = owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"viewer\"}").json().path("id").asText();
    String revoked = RecordingNotifier.token(nextInvitationTo(email).link());
    JsonNode listed = owner.get("/api/v1/organizations/" + orgId + "/invitations").json().path("data");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("role").asText()).isEqualTo("viewer");

    Ans gone = owner.send("DELETE", "/api/v1/organizations/" + orgId + "/invitations/" + id, null);
    assertThat(gone.status()).isEqualTo(204);
    assertThat(gone.header("X-RateLimit-Limit")).isNotBlank();
    assertError(owner.send("DELETE", "/api/v1/organizations/" + orgId + "/invitations/" + id, null),
        404, "not_found");
    assertThat(owner.get("/api/v1/organizations/" + orgId + "/invitations").json().path("data"))
        .isEmpty();

    Person invitee = Person.signup(this, email);
    markEmailVerified(invitee.userId, email);
    for (String t : List.of(superseded, revoked, "jiv_" + "x".repeat(43), "nonsense")) {
      assertError(invitee.post("/api/v1/invitations/accept", "{\"token\":\"" + t + "\"}"), 400,
          "invitation_invalid");
    }
    Ans missing = invitee.post("/api/v1/invitations/accept", "{}");
    assertError(missing, 400, "validation_error");
    assertThat(missing.json().path("error").path("details").path("field").asText()).isEqualTo("token");
    assertError(owner.post("/api/v1/organizations/" + orgId + "/invitations", "{\"role\":\"member\"}"),
        400, "validation_error");
    assertError(new Person(this, null, null, null).post("/api/v1/invitations/accept",
        "{\"token\":\"" + revoked + "\"}"), 401, "unauthorized");
  }

  @Test
  default void invitation_expiresAfterInvitationExpireHours() throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String email = freshEmail("late");
    owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    String token = RecordingNotifier.token(nextInvitationTo(email).link());
    clock().advance(Duration.ofMinutes(61)); // INVITATION_EXPIRE_HOURS=1 in the suite
    Person invitee = Person.signup(this, email);
    markEmailVerified(invitee.userId, email);
    assertError(invitee.post("/api/v1/invitations/accept", "{\"token\":\"" + token + "\"}"), 400,
        "invitation_invalid");
  }

  @Test
  default void invitation_rankRules_membersCannotInviteNorAddById() throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String adminEmail = freshEmail("admin");
    owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + adminEmail + "\",\"role\":\"admin\"}");
    Person admin = Person.signup(this, adminEmail);
    markEmailVerified(admin.userId, adminEmail);
    assertThat(admin.post("/api/v1/invitations/accept", "{\"token\":\""
        + RecordingNotifier.token(nextInvitationTo(adminEmail).link()) + "\"}").status())
        .isEqualTo(200);
    assertError(admin.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + freshEmail("x") + "\",\"role\":\"owner\"}"), 403, "permission_denied");
    String memberEmail = freshEmail("member");
    assertThat(admin.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + memberEmail + "\",\"role\":\"member\"}").status()).isEqualTo(201);
    Person member = Person.signup(this, memberEmail);
    markEmailVerified(member.userId, memberEmail);
    member.post("/api/v1/invitations/accept", "{\"token\":\""
        + RecordingNotifier.token(nextInvitationTo(memberEmail).link()) + "\"}");
    assertThat(member.get("/api/v1/organizations/" + orgId).status()).isEqualTo(200);

    Person stranger = Person.signup(this);
    for (Person p : List.of(member, stranger)) {
      assertError(p.post("/api/v1/organizations/" + orgId + "/invitations",
          "{\"email\":\"" + freshEmail("y") + "\",\"role\":\"viewer\"}"), 403, "permission_denied");
      assertError(p.get("/api/v1/organizations/" + orgId + "/invitations"), 403, "permission_denied");
    }
    // Adding a member by user id is not an HTTP route (trusted server code only): the members
    // route only lists them.
    assertError(owner.post("/api/v1/organizations/" + orgId + "/members",
        "{\"user_id\":\"" + stranger.userId + "\",\"role\":\"member\"}"), 405,
        "method_not_allowed");
    assertError(stranger.get("/api/v1/organizations/" + orgId), 403, "permission_denied");
  }

  @Test
  default void invitation_acceptRacedOverHttp_exactlyOneWins() throws Exception {
    Person owner = Person.signup(this);
    String orgId = owner.createOrganization();
    String email = freshEmail("racer");
    owner.post("/api/v1/organizations/" + orgId + "/invitations",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    String body = "{\"token\":\"" + RecordingNotifier.token(nextInvitationTo(email).link()) + "\"}";
    Person invitee = Person.signup(this, email);
    markEmailVerified(invitee.userId, email);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Ans>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(() -> invitee.post("/api/v1/invitations/accept", body));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Ans> f : pool.invokeAll(calls)) {
        statuses.add(f.get().status());
      }
      assertThat(statuses).containsOnlyOnce(200).hasSize(4)
          .allMatch(s -> s == 200 || s == 400 || s == 409);
    } finally {
      pool.shutdownNow();
    }
    assertThat(owner.get("/api/v1/organizations/" + orgId + "/members").json().path("data"))
        .hasSize(2);
  }

  // ------------------------------------------------------------------ helpers

  /** The next invitation message, which must go to {@code email} (each test waits for its own). */
  default Notification.Invitation nextInvitationTo(String email) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Notification.Invitation> others = new ArrayList<>();
    try {
      while (System.nanoTime() < deadline) {
        Notification.Invitation n = notifications().next(Notification.Invitation.class);
        if (n.recipient().equals(email)) {
          return n;
        }
        others.add(n); // another test's: tests of a class run one at a time, but be safe
      }
      throw new AssertionError("no invitation to " + email);
    } finally {
      others.forEach(notifications()::deliver);
    }
  }

  private static String freshEmail(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  private static void assertError(Ans r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().path("error").path("code").asText()).isEqualTo(code);
    assertThat(r.json().path("error").path("message").asText()).isNotBlank();
  }

  /** An HTTP answer. */
  record Ans(int status, String body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return INVITATION_MAPPER.readTree(body);
    }
  }

  /** A signed-up person with an address of their own, sent through the trusted loopback proxy. */
  record Person(InvitationRoutesTests suite, String email, String userId, String access) {
    static Person signup(InvitationRoutesTests suite) throws Exception {
      return signup(suite, InvitationRoutesTests.freshEmail("person"));
    }

    static Person signup(InvitationRoutesTests suite, String email) throws Exception {
      Ans a = new Person(suite, null, null, null).post("/api/v1/auth/signup",
          "{\"email\":\"" + email + "\",\"password\":\"" + INVITATION_PASSWORD + "\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(201);
      JsonNode j = a.json();
      return new Person(suite, email, j.path("user").path("id").asText(),
          j.path("access_token").asText());
    }

    String createOrganization() throws Exception {
      Ans a = post("/api/v1/organizations", "{\"name\":\"Invitations Inc\",\"slug\":\"inv-"
          + UUID.randomUUID().toString().substring(0, 8) + "\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(201);
      return a.json().path("id").asText();
    }

    Ans get(String path) throws Exception {
      return send("GET", path, null);
    }

    Ans post(String path, String json) throws Exception {
      return send("POST", path, json);
    }

    Ans send(String method, String path, String json) throws Exception {
      int n = INVITATION_CALLERS.incrementAndGet();
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(suite.baseUrl() + path))
          .timeout(Duration.ofSeconds(30))
          .header("X-Forwarded-For", "198.19." + (128 + (n / 250) % 120) + "." + (1 + n % 250))
          .header("User-Agent", "janua-invitation-it");
      if (access != null) {
        b.header("Authorization", "Bearer " + access);
      }
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r = INVITATION_HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Ans(r.statusCode(), r.body(), r);
    }
  }
}
