package dev.janua.webauthn;

import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.PluginContext;
import dev.janua.spi.WebAuthnCeremony;

/**
 * Installs passkeys on an engine: {@code AuthEngine.builder().install(WebAuthnPlugin.create())}
 * provides a {@link WebAuthn4jCeremony} under {@link WebAuthnCeremony}, which {@code
 * engine.passkeys()} then uses with the relying party of the configuration ({@code
 * WEBAUTHN_RP_ID}, {@code WEBAUTHN_RP_NAME}, {@code WEBAUTHN_ORIGINS}). A ceremony set with
 * {@code AuthEngineBuilder.webAuthn} wins over the plugin's.
 */
public final class WebAuthnPlugin implements JanuaPlugin {
  private final WebAuthnCeremony ceremony;

  private WebAuthnPlugin(WebAuthnCeremony ceremony) {
    this.ceremony = ceremony;
  }

  /** The plugin with a new {@link WebAuthn4jCeremony}. */
  public static WebAuthnPlugin create() {
    return new WebAuthnPlugin(WebAuthn4jCeremony.create());
  }

  @Override
  public void install(PluginContext context) {
    context.provide(WebAuthnCeremony.class, ceremony);
  }
}
