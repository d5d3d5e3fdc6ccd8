/**
 * Passkeys for Janua: {@link dev.janua.webauthn.WebAuthn4jCeremony}, the {@link
 * dev.janua.spi.WebAuthnCeremony} on webauthn4j, and {@link dev.janua.webauthn.WebAuthnPlugin},
 * which installs it on an engine.
 */
@NullMarked
package dev.janua.webauthn;

import org.jspecify.annotations.NullMarked;
