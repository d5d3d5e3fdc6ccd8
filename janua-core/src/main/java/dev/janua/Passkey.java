package dev.janua;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A passkey of the signed-in user, as {@link Passkeys#list} shows it: no key material.
 *
 * @param id             Janua's id of the passkey, for {@link Passkeys#rename} and {@link
 *     Passkeys#delete}
 * @param name           the user's label
 * @param createdAt      when it was registered
 * @param lastUsedAt     when it last signed in or passed a second-factor check, or {@code null}
 * @param backupEligible whether the authenticator may sync it to other devices (a synced passkey)
 * @param backedUp       whether it was backed up (synced) at its last use
 * @param aaguid         the authenticator model's AAGUID, or {@code null} when the authenticator
 *     does not say
 * @param transports     how the browser can reach the authenticator ({@code internal}, {@code
 *     hybrid}, {@code usb}, {@code nfc}, {@code ble}), possibly empty
 */
public record Passkey(String id, String name, Instant createdAt, @Nullable Instant lastUsedAt,
    boolean backupEligible, boolean backedUp, @Nullable String aaguid, List<String> transports) {

  /** Checks that no required component is null and copies the transports. */
  public Passkey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    transports = List.copyOf(transports);
  }
}
