package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The account routes over real HTTP, reading the service's mail from a real SMTP server in the
 * test JVM (GreenMail; the suite points {@code SMTP_HOST} at it): verify the email from the mail,
 * forget the password, reset it, change the email, sign out everywhere, update and delete the
 * account. Mixed into {@link ExampleServerSuite}, so they run on every backend.
 */
interface AccountRoutesTests {
  ObjectMapper JSON = new ObjectMapper();
  HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** 198.19.200.0 upwards: apart from the other mixins' callers. */
  AtomicInteger ACCOUNT_CALLERS = new AtomicInteger();
  /** Message-IDs of mails a test took already. */
  Set<String> TAKEN = ConcurrentHashMap.newKeySet();
  String PASSWORD = "correct horse battery";
  String NEW_PASSWORD = "a brand new passphrase";

  /** The service's base URL, also its {@code PUBLIC_BASE_URL}. */
  String baseUrl();

  /** The SMTP server the service sends to. */
  GreenMail mailbox();

  /** One HTTP answer. */
  record Reply(int status, String body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  /** A caller with an address of its own, through the trusted loopback proxy. */
  final class Account {
    final String base;
    final String ip;
    final String email;
    String access;

    Account(AccountRoutesTests suite) {
      this.base = suite.baseUrl();
      int n = ACCOUNT_CALLERS.incrementAndGet();
      this.ip = "198.19." + (200 + (n / 250) % 50) + "." + (1 + n % 250);
      this.email = "acct-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    Reply send(String method, String path, String bearer, String json) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", ip)
          .header("User-Agent", "janua-account-it");
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    }

    Reply post(String path, String json) throws Exception {
      return send("POST", path, access, json);
    }

    Account signup() throws Exception {
      Reply r = send("POST", "/api/v1/auth/signup", null,
          "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ada\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      access = r.json().path("access_token").asText();
      return this;
    }

    JsonNode me() throws Exception {
      Reply r = send("GET", "/api/v1/auth/me", access, null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return r.json();
    }

    Reply signin(String address, String password) throws Exception {
      return send("POST", "/api/v1/auth/signin", null,
          "{\"email\":\"" + address + "\",\"password\":\"" + password + "\"}");
    }
  }

  /**
   * The token of the next mail to {@code address} whose text has a {@code page?token=} link,
   * waiting up to ten seconds for it.
   */
  default String mailedToken(String address, String page) throws Exception {
    Pattern link = Pattern.compile(Pattern.quote(baseUrl() + page) + "\\?token=([A-Za-z0-9_-]{43})");
    return mailedText(address, text -> {
      Matcher m = link.matcher(text);
      return m.find() ? m.group(1) : null;
    });
  }

  /** The subject of the next mail to {@code address} whose subject contains {@code part}. */
  default String mailedSubject(String address, String part) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (MimeMessage m : mailbox().getReceivedMessages()) {
        if (isFor(m, address) && m.getSubject().contains(part) && TAKEN.add(m.getMessageID())) {
          return m.getSubject();
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no mail to " + address + " about '" + part + "'");
  }

  private static boolean isFor(MimeMessage m, String address) throws Exception {
    return m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address);
  }

  /** Applies {@code find} to the text of each untaken mail to the address until it finds. */
  private String mailedText(String address, java.util.function.Function<String, String> find)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (MimeMessage m : mailbox().getReceivedMessages()) {
        if (!isFor(m, address) || TAKEN.contains(m.getMessageID())) {
          continue;
        }
        String found = find.apply(plainText(m));
        if (found != null && TAKEN.add(m.getMessageID())) {
          return found;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no mail with the expected link reached " + address);
  }

  private static String plainText(MimeMessage m) throws Exception {
    MimeMultipart alt = (MimeMultipart) m.getContent();
    for (int i = 0; i < alt.getCount(); i++) {
      BodyPart p = alt.getBodyPart(i);
      if (p.isMimeType("text/plain")) {
        return (String) p.getContent();
      }
    }
    throw new AssertionError("no text/plain part");
  }

  private static void assertError(Reply r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().path("error").path("code").asText()).as(r.body()).isEqualTo(code);
  }

  // ------------------------------------------------------------------ the flows

  @Test
  default void verifyForgetReset_overHttp_withTheMailedLinks() throws Exception {
    Account a = new Account(this).signup();
    assertThat(a.me().path("email_verified").asBoolean()).isFalse();
    String verify = mailedToken(a.email, "/verify-email");
    assertThat(a.post("/api/v1/auth/email/verify", "{\"token\":\"" + verify + "\"}").status())
        .isEqualTo(204);
    assertThat(a.me().path("email_verified").asBoolean()).isTrue();
    assertError(a.post("/api/v1/auth/email/verify", "{\"token\":\"" + verify + "\"}"), 400,
        "invalid_account_token");

    // Forgot: the same 202 {} for the account and for an unknown address, with rate-limit headers.
    Reply known = a.send("POST", "/api/v1/auth/password/forgot", null,
        "{\"email\":\"" + a.email + "\"}");
    Reply unknown = a.send("POST", "/api/v1/auth/password/forgot", null,
        "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\"}");
    for (Reply r : new Reply[] {known, unknown}) {
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.body()).isEqualTo("{}");
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
    }
    String reset = mailedToken(a.email, "/reset-password");
    assertError(a.send("POST", "/api/v1/auth/password/reset", null,
        "{\"token\":\"" + reset + "\",\"new_password\":\"short\"}"), 400, "validation_error");
    assertThat(a.send("POST", "/api/v1/auth/password/reset", null,
        "{\"token\":\"" + reset + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}").status())
        .isEqualTo(204);
    assertThat(mailedSubject(a.email, "password was reset")).isNotBlank();
    assertThat(a.send("GET", "/api/v1/auth/me", a.access, null).status()).isEqualTo(401);
    assertError(a.send("POST", "/api/v1/auth/password/reset", null,
        "{\"token\":\"" + reset + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}"), 400,
        "invalid_account_token");
    assertThat(a.signin(a.email, PASSWORD).status()).isEqualTo(401);
    assertThat(a.signin(a.email, NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  default void changeEmail_verifiesTheNewAddress_tellsTheOldOne() throws Exception {
    Account a = new Account(this).signup();
    String target = "moved-" + a.email;
    assertError(a.post("/api/v1/auth/email/change", "{\"new_email\":\"" + target
        + "\",\"current_password\":\"wrong password!\"}"), 401, "invalid_credentials");
    Reply r = a.post("/api/v1/auth/email/change", "{\"new_email\":\"" + target
        + "\",\"current_password\":\"" + PASSWORD + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(mailedSubject(a.email, "about to change")).isNotBlank();
    assertThat(a.me().path("email").asText()).isEqualTo(a.email);
    String token = mailedToken(target, "/verify-email");
    assertThat(a.post("/api/v1/auth/email/verify", "{\"token\":\"" + token + "\"}").status())
        .isEqualTo(204);
    JsonNode me = a.me();
    assertThat(me.path("email").asText()).isEqualTo(target);
    assertThat(me.path("email_verified").asBoolean()).isTrue();
    assertThat(a.signin(target, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  default void resend_passwordChange_signOutEverywhere() throws Exception {
    Account a = new Account(this).signup();
    mailedToken(a.email, "/verify-email");
    Reply resend = a.post("/api/v1/auth/email/resend", null);
    assertThat(resend.status()).isEqualTo(202);
    assertThat(resend.header("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(mailedToken(a.email, "/verify-email")).hasSize(43);

    assertThat(a.post("/api/v1/auth/password/change", "{\"current_password\":\"" + PASSWORD
        + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}").status()).isEqualTo(204);
    assertThat(mailedSubject(a.email, "password was changed")).isNotBlank();
    Reply in = a.signin(a.email, NEW_PASSWORD);
    String first = in.json().path("access_token").asText();
    String second = a.signin(a.email, NEW_PASSWORD).json().path("access_token").asText();
    assertThat(a.send("DELETE", "/api/v1/sessions", first, null).status()).isEqualTo(204);
    assertThat(a.send("GET", "/api/v1/auth/me", first, null).status()).isEqualTo(401);
    assertThat(a.send("GET", "/api/v1/auth/me", second, null).status()).isEqualTo(401);
  }

  @Test
  default void profileUpdate_thenDeletion_erasesTheAccount() throws Exception {
    Account a = new Account(this).signup();
    Reply patched = a.send("PATCH", "/api/v1/users/me", a.access, "{\"name\":\"Grace\"}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("name").asText()).isEqualTo("Grace");
    assertError(a.send("DELETE", "/api/v1/users/me", a.access, "{\"password\":\"nope nope\"}"),
        401, "invalid_credentials");
    Reply deleted = a.send("DELETE", "/api/v1/users/me", a.access,
        "{\"password\":\"" + PASSWORD + "\"}");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(mailedSubject(a.email, "account was deleted")).isNotBlank();
    assertThat(a.send("GET", "/api/v1/auth/me", a.access, null).status()).isEqualTo(401);
    assertThat(a.signin(a.email, PASSWORD).status()).isEqualTo(401);
  }

  @Test
  default void deletion_lastOwnerOfAnOrganization_conflict() throws Exception {
    Account a = new Account(this).signup();
    Reply org = a.post("/api/v1/organizations", "{\"name\":\"Solo\",\"slug\":\"solo-"
        + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertThat(org.status()).as(org.body()).isEqualTo(201);
    Reply refused = a.send("DELETE", "/api/v1/users/me", a.access,
        "{\"password\":\"" + PASSWORD + "\"}");
    assertError(refused, 409, "conflict");
    assertThat(refused.json().path("error").path("details").path("field").asText()).isEqualTo("organization");
  }
}
