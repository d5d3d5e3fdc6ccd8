package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import dev.janua.testing.TotpCodes;

/**
 * The example's web page in a real browser: headless Chromium driven by Selenium against the
 * service on its embedded default (in-memory store) on a free loopback port. A user signs up,
 * signs in, enrolls an authenticator app from the QR page (the code computed here from the secret
 * the page shows, as the app would), sees the recovery codes and signs out; the session lives in
 * HttpOnly cookies the page's script cannot read. Every browser has Selenium's virtual
 * authenticator (CTAP2, internal, resident keys, user verification) for the passkey ceremonies.
 *
 * <p>There is no skipping: when Chromium or its driver cannot start, every test fails with the
 * reason ({@code .ci/run} installs Debian's {@code chromium} and {@code chromium-driver}).
 * Screenshots of each step go to {@code target/screenshots/<test>/<nn>-<step>.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowIT {
  /** Debian's Chromium and its driver; override with -Djanua.chromium / -Djanua.chromedriver. */
  private static final String CHROMIUM = System.getProperty("janua.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getProperty("janua.chromedriver", "/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PASSWORD = "correct horse battery staple";

  private JanuaExampleServer server;
  /** {@code localhost}, not an IP literal: a WebAuthn relying-party id must be a domain. */
  private String base;

  private ChromeDriver driver;
  private VirtualAuthenticator authenticator;
  private Path profile;
  private Path shots;
  private int step;

  @BeforeAll
  void startServer() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("BCRYPT_ROUNDS", "4");
    // Every page load makes several calls from the one loopback address, and these tests run on
    // the real clock: limits a person would never reach, so that no test waits out another's.
    env.put("RATE_LIMIT_USER_OPERATIONS", "1000/20000");
    env.put("RATE_LIMIT_AUTHENTICATION", "200/2000");
    for (int attempt = 1; server == null; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      env.put("PORT", Integer.toString(port));
      env.put("PUBLIC_BASE_URL", "http://localhost:" + port);
      try {
        server = JanuaExampleServer.start(env);
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
    base = "http://localhost:" + server.port();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void startBrowser(TestInfo test) throws IOException {
    shots = Path.of("target", "screenshots", test.getTestMethod().orElseThrow().getName());
    deleteTree(shots);
    Files.createDirectories(shots);
    step = 0;
    profile = Files.createTempDirectory("janua-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1100,1400",
        // The service listens on the IPv4 loopback: keep localhost from trying ::1.
        "--host-resolver-rules=MAP localhost 127.0.0.1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(
        new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true));
  }

  @AfterEach
  void stopBrowser() throws IOException {
    try {
      if (driver != null) {
        screenshot("end");
        driver.quit();
      }
    } finally {
      driver = null;
      deleteTree(profile);
    }
  }

  // ------------------------------------------------------------------ the flows

  @Test
  void page_signUpEnrollTotpFromTheQrPage_recoveryCodesShown_signOut() throws Exception {
    String email = email("browser-totp");
    open();
    screenshot("signed-out");
    assertThat(js("return typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'"
        + " && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'"))
        .as("WebAuthn Level 3 JSON helpers").isEqualTo(true);
    assertThat(asyncJs("PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()"
        + ".then(done)")).as("the virtual authenticator is ready").isEqualTo(true);

    signUp("Ada", email);
    screenshot("signed-up");
    assertThat(authenticator.getCredentials()).as("no passkey registered").isEmpty();
    assertThat(text("totp-state")).isEqualTo("Off.");

    // The session is in cookies the script cannot read; only the CSRF token is readable.
    Cookie access = driver.manage().getCookieNamed("janua_access");
    assertThat(access).isNotNull();
    assertThat(access.isHttpOnly()).isTrue();
    assertThat(access.getSameSite()).isEqualTo("Lax");
    assertThat(driver.manage().getCookieNamed("janua_csrf").isHttpOnly()).isFalse();
    assertThat((String) js("return document.cookie")).contains("janua_csrf=")
        .doesNotContain("janua_access").doesNotContain("janua_refresh");

    click("totp-enroll");
    visible("totp-enrollment");
    WebElement qr = driver.findElement(By.cssSelector("#totp-qr svg"));
    assertThat(qr.isDisplayed()).isTrue();
    assertThat(qr.getRect().getWidth()).isGreaterThan(100);
    assertThat(driver.findElements(By.cssSelector("#totp-qr svg path"))).hasSize(1);
    String secret = text("totp-secret");
    assertThat(secret).matches("[A-Z2-7]{32}");
    screenshot("totp-enrollment");

    type("totp-code", TotpCodes.at(secret, Instant.now()));
    click("totp-confirm");
    visible("recovery-codes");
    List<WebElement> codes = driver.findElements(By.cssSelector("#recovery-codes-list li"));
    assertThat(codes).hasSize(10);
    assertThat(codes.get(0).getText()).matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}");
    new WebDriverWait(driver, WAIT).until(
        ExpectedConditions.textToBe(By.id("totp-state"), "On. Recovery codes left: 10."));
    visible("totp-manage");
    screenshot("recovery-codes");

    signOut();
    screenshot("signed-out-again");
    assertThat(driver.manage().getCookieNamed("janua_access")).isNull();
    assertThat(driver.manage().getCookieNamed("janua_csrf")).isNull();
    driver.navigate().refresh();
    visible("signed-out");
    assertThat(driver.findElement(By.id("signed-in")).isDisplayed()).isFalse();
  }

  @Test
  void page_signInWithPassword_sessionSurvivesReload_thenSignOut() throws Exception {
    String email = email("browser-signin");
    open();
    signUp(null, email);
    signOut();

    type("signin-email", email);
    type("signin-password", PASSWORD);
    screenshot("signin-form");
    click("signin-submit");
    visible("signed-in");
    assertThat(text("me-email")).isEqualTo(email);
    screenshot("signed-in");

    driver.navigate().refresh();
    visible("signed-in");
    assertThat(text("me-email")).as("the cookie session outlives the page").isEqualTo(email);
    signOut();
    screenshot("signed-out");
  }

  @Test
  void page_accessCookieGone_refreshedWithTheRefreshCookie() throws Exception {
    String email = email("browser-refresh");
    open();
    signUp(null, email);
    String before = driver.manage().getCookieNamed("janua_access").getValue();
    // As when the access token's cookie runs out (Max-Age = its lifetime).
    driver.manage().deleteCookieNamed("janua_access");
    driver.navigate().refresh();
    visible("signed-in");
    assertThat(text("me-email")).isEqualTo(email);
    Cookie after = driver.manage().getCookieNamed("janua_access");
    assertThat(after).isNotNull();
    assertThat(after.getValue()).isNotEqualTo(before);
    screenshot("refreshed");
  }

  @Test
  void page_wrongTotpCode_errorShown_enrollmentStaysPending() throws Exception {
    open();
    signUp(null, email("browser-wrong"));
    click("totp-enroll");
    visible("totp-enrollment");
    String right = TotpCodes.at(text("totp-secret"), Instant.now());
    type("totp-code", String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000));
    click("totp-confirm");
    visible("error");
    assertThat(text("error")).contains("invalid_mfa_code");
    assertThat(driver.findElement(By.id("recovery-codes")).isDisplayed()).isFalse();
    assertThat(text("totp-state")).isEqualTo("Off.");
    screenshot("wrong-code");
  }

  @Test
  void page_registerPasskey_signOut_signInWithThePasskeyAlone() throws Exception {
    String email = email("browser-passkey");
    open();
    signUp("Grace", email);
    registerPasskey("Laptop");
    screenshot("passkey-registered");
    assertThat(authenticator.getCredentials()).as("a discoverable credential").hasSize(1);
    assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();

    signOut();
    // No email typed: the browser offers the passkey it holds for this site.
    assertThat(driver.findElement(By.id("signin-email")).getAttribute("value")).isEmpty();
    screenshot("signed-out");
    click("passkey-signin");
    visible("signed-in");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.id("me-email"), email));
    screenshot("signed-in-with-passkey");
    assertThat(driver.findElements(By.cssSelector("#passkey-list li"))).hasSize(1);
    signOut();
  }

  @Test
  void page_totpUser_signsInWithACode_thenWithARecoveryCode() throws Exception {
    String email = email("browser-mfa");
    open();
    signUp(null, email);
    String[] enrolled = enrollTotp();
    signOut();

    signInWithPassword(email);
    visible("mfa-challenge");
    assertThat(text("mfa-methods")).contains("totp").contains("recovery_code");
    assertThat(driver.findElement(By.id("mfa-passkey")).isDisplayed()).isFalse();
    assertThat(driver.manage().getCookieNamed("janua_access")).as("no session yet").isNull();
    screenshot("mfa-challenge");
    // The confirmation spent the current step's code: the next step's.
    type("mfa-code", TotpCodes.at(enrolled[0], Instant.now().plusSeconds(30)));
    screenshot("mfa-code");
    click("mfa-code-submit");
    visible("signed-in");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.id("me-email"), email));
    screenshot("signed-in-with-totp");
    signOut();

    signInWithPassword(email);
    visible("mfa-challenge");
    type("mfa-recovery-code", enrolled[1]);
    screenshot("mfa-recovery-code");
    click("mfa-recovery-submit");
    visible("signed-in");
    new WebDriverWait(driver, WAIT).until(
        ExpectedConditions.textToBe(By.id("totp-state"), "On. Recovery codes left: 9."));
    screenshot("signed-in-with-recovery-code");
    signOut();
  }

  @Test
  void page_passkeyAsTheSecondFactor_afterThePassword() throws Exception {
    String email = email("browser-2fa-passkey");
    open();
    signUp(null, email);
    registerPasskey("Security key");
    signOut();

    signInWithPassword(email);
    visible("mfa-challenge");
    assertThat(text("mfa-methods")).contains("passkey");
    screenshot("mfa-challenge-passkey");
    click("mfa-passkey");
    visible("signed-in");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.id("me-email"), email));
    screenshot("signed-in-with-password-and-passkey");
    signOut();
  }

  // ------------------------------------------------------------------ steps

  private void open() {
    driver.get(base + "/");
    visible("signed-out");
  }

  private void signUp(String name, String email) {
    if (name != null) {
      type("signup-name", name);
    }
    type("signup-email", email);
    type("signup-password", PASSWORD);
    click("signup-submit");
    visible("signed-in");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.id("me-email"), email));
    new WebDriverWait(driver, WAIT).until(
        ExpectedConditions.textMatches(By.id("totp-state"), java.util.regex.Pattern.compile(".+")));
  }

  /** Enrolls TOTP from the page's secret; the secret and the first recovery code. */
  private String[] enrollTotp() throws IOException {
    click("totp-enroll");
    visible("totp-enrollment");
    String secret = text("totp-secret");
    type("totp-code", TotpCodes.at(secret, Instant.now()));
    click("totp-confirm");
    visible("recovery-codes");
    List<WebElement> codes = driver.findElements(By.cssSelector("#recovery-codes-list li"));
    assertThat(codes).hasSize(10);
    String first = codes.get(0).getText().strip();
    screenshot("totp-on");
    return new String[] {secret, first};
  }

  private void registerPasskey(String name) {
    type("passkey-name", name);
    click("passkey-register");
    new WebDriverWait(driver, WAIT).until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#passkey-list li"), 1));
    assertThat(text("passkey-list")).contains(name);
  }

  private void signInWithPassword(String email) {
    type("signin-email", email);
    type("signin-password", PASSWORD);
    click("signin-submit");
  }

  private void signOut() {
    click("signout");
    visible("signed-out");
  }

  // ------------------------------------------------------------------ helpers

  private static String email(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  private WebElement visible(String id) {
    return new WebDriverWait(driver, WAIT).until(
        ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  private void click(String id) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id(id)))
        .click();
  }

  private void type(String id, String text) {
    WebElement e = visible(id);
    e.clear();
    e.sendKeys(text);
  }

  private String text(String id) {
    return visible(id).getText().strip();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Runs {@code script} with {@code done} as the callback of its asynchronous result. */
  private Object asyncJs(String script) {
    return ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; " + script);
  }

  /** Saves what the user sees now as {@code <nn>-<name>.png}. */
  private void screenshot(String name) throws IOException {
    step++;
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.move(png.toPath(), shots.resolve(String.format("%02d-%s.png", step, name)),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
