package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The README's quick start, verbatim: if this stops compiling, the README is wrong. */
class QuickStartTest {

  @Test
  void readmeQuickStart_runsTheWholeFlow() {
    // --- README quick start begins ---
    AuthEngine engine = AuthEngine.builder()
        .config(JanuaConfig.builder().bcryptRounds(10).build())
        .build();                                   // in-memory store, generated RS256 key

    ClientInfo client = new ClientInfo("203.0.113.7", "curl/8.5");
    AuthResult signup = engine.signup("ada@example.com", "correct horse battery", client, "Ada");
    Principal me = engine.validate(signup.tokens().accessToken());

    Organization org = engine.organizations().create(me, "Analytical Engines", "analytical-engines");
    boolean canInvite = engine.checkPermission(me, org.id(), "members:create");  // owner: true

    AuthResult refreshed = engine.refresh(signup.tokens().refreshToken(), client);
    engine.signout(engine.validate(refreshed.tokens().accessToken()));
    // --- README quick start ends ---

    assertThat(me.userId()).isEqualTo(signup.user().id());
    assertThat(canInvite).isTrue();
    assertThatThrownBy(() -> engine.validate(refreshed.tokens().accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    AuthResult again = engine.signin("ADA@example.com ", "correct horse battery", client);
    assertThat(engine.validate(again.tokens().accessToken()).userId()).isEqualTo(me.userId());
    assertThat(engine.jwks()).contains("\"kid\":\"" + engine.signingKeys().ring().active().kid() + "\"");
  }
}
