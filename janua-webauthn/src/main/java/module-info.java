/**
 * Janua's passkeys: the WebAuthn registration and authentication ceremonies of {@code
 * engine.passkeys()}, verified by webauthn4j. Install {@link dev.janua.webauthn.WebAuthnPlugin}.
 */
module dev.janua.webauthn {
  requires transitive dev.janua.core;
  requires com.webauthn4j.core;
  requires tools.jackson.databind;
  requires tools.jackson.core;
  requires static transitive org.jspecify;

  exports dev.janua.webauthn;
}
