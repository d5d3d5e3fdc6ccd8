package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.testing.CapturingNotifier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** engine.invitations(): invite, list, revoke, accept, with the rank rules and email checks. */
class InvitationsTest extends EngineTestBase {
  private CapturingNotifier notifier;
  private Principal owner;
  private Organization org;

  @Override
  AuthEngine engine(JanuaConfig config) {
    notifier = new CapturingNotifier();
    return AuthEngine.builder().config(config).store(store).clock(clock).keyRing(KEYS)
        .metrics(metrics).notifier(notifier).build();
  }

  @Override
  JanuaConfig.Builder config() {
    return super.config().publicBaseUrl("https://app.example.com").invitationTtl(Duration.ofHours(5));
  }

  @BeforeEach
  void createOrg() {
    owner = principal(signup());
    org = engine.organizations().create(owner, "Acme", "acme-" + System.nanoTime());
  }

  /** A signed-up user with this email, verified unless told otherwise. */
  private Principal user(String email, boolean verified) {
    AuthResult r = engine.signup(email, PASSWORD, CLIENT, null);
    if (verified) {
      store.users().markEmailVerified(r.user().id(), r.user().email(), clock.instant(),
          new AuditEvent("e-" + r.user().id(), AuditEventType.EMAIL_VERIFIED, r.user().id(), null,
              null, null, null, Map.of(), clock.instant()));
    }
    return principal(r);
  }

  private Principal member(String role) {
    AuthResult r = signup();
    engine.organizations().addMember(owner, org.id(), r.user().id(), RoleName.of(role));
    return principal(r);
  }

  private String tokenOf(Notification.Invitation n) {
    return n.link().substring(n.link().indexOf("token=") + "token=".length());
  }

  @Test
  void invite_sendsLinkToTheAddress_acceptCreatesMembershipWithRole_andAudits() throws Exception {
    String email = email();
    Invitation inv = engine.invitations().invite(owner, org.id(), " " + email.toUpperCase() + " ",
        RoleName.ADMIN);
    assertThat(inv.email()).isEqualTo(email);
    assertThat(inv.role()).isEqualTo("admin");
    assertThat(inv.invitedBy()).isEqualTo(owner.userId());
    assertThat(inv.expiresAt()).isEqualTo(inv.createdAt().plus(Duration.ofHours(5)));

    Notification.Invitation sent = notifier.next(Notification.Invitation.class);
    assertThat(sent.recipient()).isEqualTo(email);
    assertThat(sent.organizationName()).isEqualTo("Acme");
    assertThat(sent.inviter()).isEqualTo("Test");
    assertThat(sent.role()).isEqualTo("admin");
    assertThat(sent.link()).startsWith("https://app.example.com/accept-invitation?token=jiv_");
    assertThat(sent.toString()).doesNotContain(tokenOf(sent));
    assertThat(engine.invitations().pending(owner, org.id())).containsExactly(inv);

    Principal invited = user(email, true);
    Membership m = engine.invitations().accept(invited, tokenOf(sent));
    assertThat(m.organizationId()).isEqualTo(org.id());
    assertThat(m.userId()).isEqualTo(invited.userId());
    assertThat(m.role()).isEqualTo("admin");
    assertThat(engine.checkPermission(invited, org.id(), "members:create")).isTrue();
    assertThat(engine.invitations().pending(owner, org.id())).isEmpty();
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 10)))
        .extracting(AuditEvent::type)
        .contains(AuditEventType.INVITATION_SENT, AuditEventType.INVITATION_ACCEPTED);
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 10)))
        .allSatisfy(e -> assertThat(e.details().toString()).doesNotContain(email)
            .doesNotContain(tokenOf(sent)));

    // Used: one error for every dead token.
    assertThatThrownBy(() -> engine.invitations().accept(invited, tokenOf(sent)))
        .isInstanceOf(InvalidInvitationException.class)
        .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("invitation_invalid"));
  }

  @Test
  void accept_unknownMalformedExpiredRevokedSuperseded_oneErrorCode() throws Exception {
    String email = email();
    Principal invited = user(email, true);
    for (String bad : new String[] {"", "nonsense", "jiv_" + "A".repeat(43), "jiv_%%"}) {
      assertThatThrownBy(() -> engine.invitations().accept(invited, bad))
          .isInstanceOf(InvalidInvitationException.class);
    }

    engine.invitations().invite(owner, org.id(), email, RoleName.MEMBER);
    String first = tokenOf(notifier.next(Notification.Invitation.class));
    Invitation second = engine.invitations().invite(owner, org.id(), email, RoleName.VIEWER);
    String secondToken = tokenOf(notifier.next(Notification.Invitation.class));
    assertThat(engine.invitations().pending(owner, org.id())).containsExactly(second);
    assertThatThrownBy(() -> engine.invitations().accept(invited, first))
        .isInstanceOf(InvalidInvitationException.class); // superseded

    engine.invitations().revoke(owner, org.id(), second.id());
    assertThat(engine.invitations().pending(owner, org.id())).isEmpty();
    assertThatThrownBy(() -> engine.invitations().accept(invited, secondToken))
        .isInstanceOf(InvalidInvitationException.class); // revoked
    assertThatThrownBy(() -> engine.invitations().revoke(owner, org.id(), second.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(engine.users().auditEvents(AuditQuery.forOrganization(org.id(), 10)))
        .extracting(AuditEvent::type).contains(AuditEventType.INVITATION_REVOKED);

    engine.invitations().invite(owner, org.id(), email, RoleName.MEMBER);
    String third = tokenOf(notifier.next(Notification.Invitation.class));
    clock.advance(Duration.ofHours(5));
    assertThat(engine.invitations().pending(owner, org.id())).isEmpty();
    assertThatThrownBy(() -> engine.invitations().accept(invited, third))
        .isInstanceOf(InvalidInvitationException.class); // expired
    assertThat(engine.checkPermission(invited, org.id(), "org:read")).isFalse();
  }

  @Test
  void accept_otherOrUnverifiedEmail_typedErrors_invitationStaysValid() throws Exception {
    String email = email();
    engine.invitations().invite(owner, org.id(), email, RoleName.MEMBER);
    String token = tokenOf(notifier.next(Notification.Invitation.class));

    Principal other = user(email(), true);
    assertThatThrownBy(() -> engine.invitations().accept(other, token))
        .isInstanceOf(InvitationEmailException.class)
        .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("invitation_email_mismatch"))
        .satisfies(e -> assertThat(((JanuaException) e).httpStatus()).isEqualTo(403));
    Principal unverified = user(email, false);
    assertThatThrownBy(() -> engine.invitations().accept(unverified, token))
        .isInstanceOf(InvitationEmailException.class)
        .satisfies(e -> assertThat(((JanuaException) e).code()).isEqualTo("email_not_verified"));
    assertThat(engine.checkPermission(unverified, org.id(), "org:read")).isFalse();

    store.users().markEmailVerified(unverified.userId(), email, clock.instant(), new AuditEvent(
        "v-" + unverified.userId(), AuditEventType.EMAIL_VERIFIED, unverified.userId(), null, null,
        null, null, Map.of(), clock.instant()));
    assertThat(engine.invitations().accept(unverified, token).role()).isEqualTo("member");
  }

  @Test
  void accept_alreadyMember_conflict_andInviteOfAMember_conflict() throws Exception {
    String email = email();
    Principal invited = user(email, true);
    engine.invitations().invite(owner, org.id(), email, RoleName.MEMBER);
    String token = tokenOf(notifier.next(Notification.Invitation.class));
    engine.organizations().addMember(owner, org.id(), invited.userId(), RoleName.VIEWER);
    assertThatThrownBy(() -> engine.invitations().accept(invited, token))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("organization_id"));
    assertThat(engine.organizations().members(owner, org.id()))
        .filteredOn(m -> m.userId().equals(invited.userId()))
        .singleElement().satisfies(m -> assertThat(m.role()).isEqualTo("viewer"));
    assertThatThrownBy(() -> engine.invitations().invite(owner, org.id(), email, RoleName.ADMIN))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).isEqualTo("email"));
  }

  @Test
  void invite_rankRules_andPermission() {
    Principal admin = member("admin");
    Principal plain = member("member");
    assertThatThrownBy(() -> engine.invitations().invite(admin, org.id(), email(), RoleName.OWNER))
        .isInstanceOf(PermissionDeniedException.class);
    Invitation byAdmin = engine.invitations().invite(admin, org.id(), email(), RoleName.ADMIN);
    assertThat(byAdmin.role()).isEqualTo("admin");
    assertThatThrownBy(() -> engine.invitations().invite(plain, org.id(), email(), RoleName.VIEWER))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.invitations().pending(plain, org.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.invitations().revoke(plain, org.id(), byAdmin.id()))
        .isInstanceOf(PermissionDeniedException.class);
    Principal stranger = principal(signup());
    assertThatThrownBy(() -> engine.invitations().invite(stranger, org.id(), email(), RoleName.VIEWER))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> engine.invitations().invite(owner, org.id(), email(), RoleName.of("ghost")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> engine.invitations().invite(owner, org.id(), "not-an-email", RoleName.VIEWER))
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("email"));

    // An admin cannot revoke an owner's invitation to ownership; the owner can.
    Invitation ownership = engine.invitations().invite(owner, org.id(), email(), RoleName.OWNER);
    assertThatThrownBy(() -> engine.invitations().revoke(admin, org.id(), ownership.id()))
        .isInstanceOf(PermissionDeniedException.class);
    engine.invitations().revoke(admin, org.id(), byAdmin.id());
    engine.invitations().revoke(owner, org.id(), ownership.id());
    assertThat(engine.invitations().pending(owner, org.id())).isEmpty();
  }

  @Test
  void invite_customRole_onlyOwnersAndAdmins_acceptGrantsItsPermissions() throws Exception {
    engine.organizations().createRole(owner, org.id(), "billing", java.util.Set.of("invoices:read"));
    String email = email();
    engine.invitations().invite(owner, org.id(), email, RoleName.of("billing"));
    String token = tokenOf(notifier.next(Notification.Invitation.class));
    Principal invited = user(email, true);
    assertThat(engine.invitations().accept(invited, token).role()).isEqualTo("billing");
    assertThat(engine.checkPermission(invited, org.id(), "invoices:read")).isTrue();
  }

  @Test
  void signedOutPrincipal_refused() throws Exception {
    String email = email();
    engine.invitations().invite(owner, org.id(), email, RoleName.MEMBER);
    String token = tokenOf(notifier.next(Notification.Invitation.class));
    Principal invited = user(email, true);
    engine.signout(invited);
    assertThatThrownBy(() -> engine.invitations().accept(invited, token))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void config_invitationExpireHours_fromEnv_defaultAndRange() {
    assertThat(JanuaConfig.defaults().invitationTtl()).isEqualTo(Duration.ofHours(72));
    assertThat(JanuaConfig.fromMap(Map.of("INVITATION_EXPIRE_HOURS", "24")).invitationTtl())
        .isEqualTo(Duration.ofHours(24));
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("INVITATION_EXPIRE_HOURS", "0")))
        .isInstanceOf(JanuaConfigException.class).hasMessageContaining("INVITATION_EXPIRE_HOURS");
    assertThatThrownBy(() -> JanuaConfig.fromMap(Map.of("INVITATION_EXPIRE_HOURS", "721")))
        .isInstanceOf(JanuaConfigException.class);
    assertThatThrownBy(() -> JanuaConfig.builder().invitationTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INVITATION_EXPIRE_HOURS");
  }
}
