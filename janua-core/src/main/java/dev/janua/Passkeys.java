package dev.janua;

import dev.janua.Notification.SecurityEvent;
import dev.janua.internal.Inputs;
import dev.janua.spi.PasskeyChallenge;
import dev.janua.spi.PasskeyRecord;
import dev.janua.spi.PasskeyStore;
import dev.janua.spi.StoredUser;
import dev.janua.spi.WebAuthnCeremony;
import dev.janua.spi.WebAuthnCeremony.Expectation;
import dev.janua.spi.WebAuthnCeremony.RegisteredCredential;
import dev.janua.spi.WebAuthnCeremony.VerificationFailedException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passkeys (WebAuthn credentials, {@code engine.passkeys()}): registration by a signed-in user,
 * passwordless sign-in with discoverable credentials, and listing, renaming and deleting. The
 * ceremonies are the {@link WebAuthnCeremony} installed with the {@code janua-webauthn} module;
 * without one every call fails with {@link JanuaConfigException} naming {@code WEBAUTHN_RP_ID}.
 *
 * <p>The host hands the options JSON to the browser ({@code
 * PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON}, then
 * {@code navigator.credentials.create} / {@code get}) and sends back {@code credential.toJSON()}
 * as a string, untouched. Every challenge is single use and expires after {@code
 * WEBAUTHN_CHALLENGE_SECONDS}. Management calls take the principal of a signed-in session (an API
 * token is refused with {@link InvalidTokenException}).
 */
public final class Passkeys {
  private static final Logger LOG = LoggerFactory.getLogger(Passkeys.class);

  private final PasskeyService service;
  private final SessionTokens sessions;
  private final Runner runner;
  private final MfaService mfa;

  Passkeys(PasskeyService service, SessionTokens sessions, Runner runner, MfaService mfa) {
    this.service = service;
    this.sessions = sessions;
    this.runner = runner;
    this.mfa = mfa;
  }

  /**
   * A passkey signs in on its own: adding or removing one needs a sign-in within {@link
   * Mfa#RECENT_AUTH} (with the second factor when the user has one), so that a stolen session
   * cannot plant a way in of its own or take the owner's away.
   */
  private void requireRecentAuth(Principal principal, Call call) {
    mfa.requireRecentAuth(principal, Mfa.RECENT_AUTH, call);
  }

  /**
   * Options to register a new passkey for the principal's user: a {@code
   * PublicKeyCredentialCreationOptionsJSON} with a fresh challenge, the user handle as {@code
   * user.id}, a discoverable credential required, and the user's passkeys excluded.
   *
   * @throws JanuaConfigException naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   * @throws RecentAuthRequiredException when the sign-in is older than {@link Mfa#RECENT_AUTH}, or
   *     lacked the second factor of a user who has one
   */
  public String registrationOptions(Principal principal) {
    return runner.run(Operation.PASSKEYS, null, call -> {
      sessions.requireLive(principal);
      requireRecentAuth(principal, call);
      WebAuthnCeremony ceremony = service.ceremony();
      String userId = principal.userId();
      StoredUser user = service.store().users().findById(userId)
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
      List<String> existing = service.passkeys().listByUser(userId).stream()
          .map(PasskeyRecord::credentialId).toList();
      String challenge = service.newChallenge(PasskeyChallenge.REGISTER, userId, call);
      return ceremony.creationOptions(new WebAuthnCeremony.CreationRequest(service.rp(),
          PasskeyService.userHandle(userId), user.email(),
          user.name() == null ? user.email() : user.name(), challenge, existing,
          service.config().webAuthnChallengeTtl()));
    });
  }

  /**
   * Registers the passkey the browser made from {@link #registrationOptions}: its challenge is
   * consumed, the response verified, the passkey stored, audited ({@code passkey_registered}) and
   * the user notified.
   *
   * @param credentialJson {@code JSON.stringify(credential.toJSON())} of {@code
   *     navigator.credentials.create}
   * @param name           the user's label (at most 100 characters), or {@code null} for
   *     {@code "Passkey"}
   * @throws ValidationException  naming {@code credential} when it is malformed, answers no usable
   *     registration challenge of this user, or does not verify; naming {@code name}
   * @throws ConflictException    (field {@code credential}) when the passkey is registered already
   * @throws JanuaConfigException naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   * @throws RecentAuthRequiredException when the sign-in is older than {@link Mfa#RECENT_AUTH}, or
   *     lacked the second factor of a user who has one
   */
  public Passkey register(Principal principal, String credentialJson, @Nullable String name) {
    return runner.run(Operation.PASSKEYS, null, call -> {
      sessions.requireLive(principal);
      requireRecentAuth(principal, call);
      WebAuthnCeremony ceremony = service.ceremony();
      String label = Inputs.name(name, "name", false);
      PasskeyResponse response = PasskeyResponse.parse(credentialJson);
      String userId = principal.userId();
      if (service.consume(response, PasskeyChallenge.REGISTER, userId, call).isEmpty()) {
        throw new ValidationException("credential", "credential answers no open registration "
            + "challenge of this user (unknown, used or expired): ask for new options");
      }
      RegisteredCredential registered;
      try {
        registered = ceremony.verifyRegistration(credentialJson,
            new Expectation(service.rp(), response.challenge(), false));
      } catch (VerificationFailedException e) {
        LOG.debug("A passkey registration of user {} did not verify: {}", userId,
            e.getMessage());
        throw new ValidationException("credential", "credential could not be verified");
      }
      PasskeyRecord passkey = new PasskeyRecord(Call.newId(), userId, registered.credentialId(),
          registered.attestedCredentialData(), registered.signCount(),
          registered.backupEligible(), registered.backedUp(), registered.aaguid(),
          registered.transports(), label == null ? PasskeyService.DEFAULT_NAME : label,
          call.now(), null);
      if (!service.passkeys().save(passkey, call.event(AuditEventType.PASSKEY_REGISTERED, userId,
          principal.sessionId(), null, Map.of("passkey_id", passkey.id())))) {
        throw new ConflictException("credential", "This passkey is registered already");
      }
      service.notify(userId, SecurityEvent.PASSKEY_REGISTERED, call);
      return PasskeyService.view(passkey);
    });
  }

  /** The principal's passkeys, oldest first. */
  public List<Passkey> list(Principal principal) {
    return runner.run(Operation.PASSKEYS, null, call -> {
      sessions.requireLive(principal);
      return service.passkeys().listByUser(principal.userId()).stream()
          .map(PasskeyService::view).toList();
    });
  }

  /**
   * Renames one of the principal's passkeys; audited ({@code passkey_renamed}).
   *
   * @throws ValidationException naming {@code name} (required, at most 100 characters) or {@code
   *     passkey_id}
   * @throws NotFoundException   when the user has no passkey of that id
   */
  public Passkey rename(Principal principal, String passkeyId, String name) {
    return runner.run(Operation.PASSKEYS, null, call -> {
      sessions.requireLive(principal);
      String id = Inputs.id(passkeyId, "passkey_id");
      String label = Inputs.name(name, "name", true);
      String userId = principal.userId();
      if (!service.passkeys().rename(userId, id, label, call.event(
          AuditEventType.PASSKEY_RENAMED, userId, principal.sessionId(), null,
          Map.of("passkey_id", id)))) {
        throw new NotFoundException("No such passkey");
      }
      return service.passkeys().listByUser(userId).stream().filter(p -> p.id().equals(id))
          .findFirst().map(PasskeyService::view)
          .orElseThrow(() -> new NotFoundException("No such passkey"));
    });
  }

  /**
   * Deletes one of the principal's passkeys; audited ({@code passkey_deleted}) and notified. The
   * last passkey of an account without a usable password is kept: it is the only way in.
   *
   * @throws ValidationException naming {@code passkey_id}
   * @throws NotFoundException   when the user has no passkey of that id
   * @throws ConflictException   (field {@code passkey}) when it is the last factor of a
   *     password-less account
   * @throws RecentAuthRequiredException when the sign-in is older than {@link Mfa#RECENT_AUTH}, or
   *     lacked the second factor of a user who has one
   */
  public void delete(Principal principal, String passkeyId) {
    runner.runVoid(Operation.PASSKEYS, null, call -> {
      sessions.requireLive(principal);
      requireRecentAuth(principal, call);
      String id = Inputs.id(passkeyId, "passkey_id");
      String userId = principal.userId();
      StoredUser user = service.store().users().findCredentialsById(userId)
          .orElseThrow(() -> new InvalidTokenException(TokenFailureReason.SESSION_REVOKED));
      boolean keepLast = !PasskeyService.hasUsablePassword(user);
      PasskeyStore.Deletion d = service.passkeys().delete(userId, id, keepLast, call.event(
          AuditEventType.PASSKEY_DELETED, userId, principal.sessionId(), null,
          Map.of("passkey_id", id)));
      switch (d) {
        case DELETED -> service.notify(userId, SecurityEvent.PASSKEY_DELETED, call);
        case NOT_FOUND -> throw new NotFoundException("No such passkey");
        case LAST_PASSKEY -> throw new ConflictException("passkey", "This passkey is the only "
            + "way to sign in to an account without a password: add another one first");
      }
    });
  }

  /**
   * Options for a passwordless sign-in ({@code PublicKeyCredentialRequestOptionsJSON}, user
   * verification required). Without an email, no credentials are listed: the browser offers the
   * discoverable passkeys it holds for this relying party. With an email, that account's passkeys
   * are listed and the challenge is bound to it; an unknown email, or one without passkeys, gets
   * an answer of the same shape (a stable decoy credential id), so the options do not tell whether
   * an account exists.
   *
   * @param email  the email the user typed, or {@code null}
   * @param client who is calling ({@code null}: unknown)
   * @throws ValidationException  naming {@code email} when it is not an email address
   * @throws RateLimitedException over the {@code USER_OPERATIONS} limit (each call stores a
   *     challenge)
   * @throws JanuaConfigException naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   */
  public String signinOptions(@Nullable String email, @Nullable ClientInfo client) {
    return runner.run(Operation.PASSKEY_OPTIONS, client,
        call -> service.signinOptions(email, call));
  }

  /**
   * Signs in with a passkey alone. The credential is found by its id, its owner checked against
   * the user handle the authenticator returned, the response verified with user verification
   * required, and the signature counter judged (0 stays valid; a non-zero counter that does not go
   * up is refused and audited as {@code passkey_counter_regression}). Every failure, an unknown
   * credential included, is the same {@link InvalidCredentialsException}; a failure of a known
   * account counts toward its per-account throttle, and every failure against the client's {@code
   * AUTHENTICATION} budget. A failure never locks the passkey, and the per-account lock does not
   * stop a passkey sign-in (a signature cannot be guessed).
   *
   * @param credentialJson {@code JSON.stringify(credential.toJSON())} of {@code
   *     navigator.credentials.get}
   * @throws ValidationException         naming {@code credential} when it is malformed
   * @throws InvalidCredentialsException whatever was wrong
   * @throws EmailNotVerifiedException   when {@code REQUIRE_VERIFIED_EMAIL} is on and the email
   *     is not verified
   * @throws RateLimitedException        over the authentication limit
   * @throws JanuaConfigException        naming {@code WEBAUTHN_RP_ID} when no ceremony is installed
   */
  public AuthResult signin(String credentialJson, @Nullable ClientInfo client) {
    return runner.run(Operation.PASSKEY_SIGNIN, client,
        call -> service.signin(credentialJson, call));
  }

  /** The logic behind these calls, and the passkey second factor of a sign-in. */
  PasskeyService service() {
    return service;
  }

  /** Whether a WebAuthn ceremony is installed, so that the calls above can work. */
  public boolean available() {
    runner.ensureOpen();
    return service.available();
  }
}
