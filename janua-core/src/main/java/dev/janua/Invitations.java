package dev.janua;

import dev.janua.internal.Inputs;
import dev.janua.internal.OpaqueTokens;
import dev.janua.spi.InvitationStore;
import dev.janua.spi.OrganizationStore;
import dev.janua.spi.Store;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Invitations into organizations ({@code engine.invitations()}): an owner or admin invites an email
 * address with a role; the engine sends the address a {@link Notification.Invitation} whose link
 * ({@code {PUBLIC_BASE_URL}/accept-invitation?token=...}) carries a one-time token; the invited
 * person signs in with that address, verified, and accepts, becoming a member with the invited
 * role. See docs/invitations.md.
 *
 * <p>The token has 256 random bits ({@code jiv_} and 43 base64url characters); the store keeps only
 * its SHA-256. An invitation works for {@code INVITATION_EXPIRE_HOURS} (72), once; inviting the
 * same address to the same organization again supersedes the earlier invitation. Inviting, listing
 * and revoking need {@code members:create} in the organization and follow the rank rules of {@link
 * Organizations#addMember}: nobody invites with (or revokes an invitation of) a role above their
 * own, only an owner invites owners, only owners and admins invite with custom roles. Every call
 * takes the principal of a live session (else {@link InvalidTokenException} {@code
 * session_revoked}). Invite, accept and revoke are audited ({@code invitation_sent}, {@code
 * invitation_accepted}, {@code invitation_revoked}), never with the token or the invited address.
 */
public final class Invitations {
  /** Every invitation token starts with this. */
  static final String TOKEN_PREFIX = "jiv_";

  private final Store store;
  private final Organizations organizations;
  private final SessionTokens sessions;
  private final Accounts accounts;
  private final Outbox outbox;
  private final JanuaConfig config;
  private final Runner runner;

  Invitations(Store store, Organizations organizations, SessionTokens sessions, Accounts accounts,
      Outbox outbox, JanuaConfig config, Runner runner) {
    this.store = store;
    this.organizations = organizations;
    this.sessions = sessions;
    this.accounts = accounts;
    this.outbox = outbox;
    this.config = config;
    this.runner = runner;
  }

  /**
   * Invites an email address into the organization with a role, and sends it the invitation
   * (asynchronously: delivery never delays nor fails this call). Supersedes an earlier invitation
   * of the same address to the organization that was not yet accepted.
   *
   * @return the pending invitation (without its token, which only the message carries)
   * @throws ValidationException       naming {@code email}, {@code role} or {@code organization_id}
   * @throws PermissionDeniedException without {@code members:create}, or by a rank rule
   * @throws NotFoundException         when the role is neither a system role nor one of the
   *     organization's
   * @throws ConflictException         (field {@code email}) when the address's account already is a
   *     member of the organization
   */
  public Invitation invite(Principal principal, String organizationId, String email,
      RoleName role) {
    return runner.run(Operation.INVITATIONS, null, call -> {
      String orgId = Inputs.id(organizationId, "organization_id");
      Membership caller = organizations.requireMembership(principal, orgId, "members:create");
      organizations.requireCanGrant(caller, RoleName.of(role == null ? null : role.value()));
      String address = Inputs.email(email);
      OrganizationStore orgs = store.organizations();
      Organization org = orgs.find(orgId)
          .orElseThrow(() -> new PermissionDeniedException("Not a member of this organization"));
      if (store.users().findByEmail(address)
          .flatMap(u -> orgs.findMembership(orgId, u.id())).isPresent()) {
        throw new ConflictException("email", "This address already is a member of the organization");
      }
      String token = newToken();
      Invitation invitation = new Invitation(Call.newId(), orgId, address, role.value(),
          principal.userId(), call.now(), call.now().plus(config.invitationTtl()));
      invitations().create(invitation, hash(token), call.event(AuditEventType.INVITATION_SENT,
          principal.userId(), principal.sessionId(), orgId,
          Map.of("invitation_id", invitation.id(), "role", invitation.role())));
      User inviter = accounts.user(principal.userId());
      outbox.send(new Notification.Invitation(address, orgId, org.name(),
          inviter.name() != null ? inviter.name() : inviter.email(), invitation.role(),
          config.publicBaseUrl() + "/accept-invitation?token=" + token, invitation.expiresAt()));
      return invitation;
    });
  }

  /**
   * The organization's pending invitations (neither accepted, revoked, superseded nor expired),
   * oldest first, without their tokens.
   *
   * @throws PermissionDeniedException without {@code members:create}
   */
  public List<Invitation> pending(Principal principal, String organizationId) {
    return runner.run(Operation.INVITATIONS, null, call -> {
      String orgId = Inputs.id(organizationId, "organization_id");
      organizations.requireMembership(principal, orgId, "members:create");
      return invitations().pending(orgId, call.now());
    });
  }

  /**
   * Revokes a pending invitation: its link stops working at once.
   *
   * @throws PermissionDeniedException without {@code members:create}, or when the invitation's role
   *     outranks the caller's
   * @throws NotFoundException         when the organization has no such pending invitation
   */
  public void revoke(Principal principal, String organizationId, String invitationId) {
    runner.runVoid(Operation.INVITATIONS, null, call -> {
      String orgId = Inputs.id(organizationId, "organization_id");
      Membership caller = organizations.requireMembership(principal, orgId, "members:create");
      String id = Inputs.id(invitationId, "invitation_id");
      Invitation invitation = invitations().findPending(orgId, id, call.now())
          .orElseThrow(() -> new NotFoundException("No such pending invitation"));
      if (Organizations.rank(invitation.role()) > Organizations.rank(caller.role())) {
        throw new PermissionDeniedException("Cannot revoke an invitation to a role above your own");
      }
      if (!invitations().revoke(orgId, id, call.now(), call.event(
          AuditEventType.INVITATION_REVOKED, principal.userId(), principal.sessionId(), orgId,
          Map.of("invitation_id", id, "role", invitation.role())))) {
        throw new NotFoundException("No such pending invitation");
      }
    });
  }

  /**
   * Accepts an invitation as the principal's user: consumes the token and adds the membership with
   * the invited role in one step (of racing accepts of one token, exactly one succeeds).
   *
   * @param token the token of the invitation link
   * @return the new membership
   * @throws InvalidInvitationException {@code invitation_invalid}: unknown, malformed, expired,
   *     used, revoked or superseded (not told apart)
   * @throws InvitationEmailException   {@code invitation_email_mismatch} when the account's email is
   *     not the invited address; {@code email_not_verified} when it is, but not verified
   * @throws ConflictException          (field {@code organization_id}) when the user already is a
   *     member of the organization (the invitation stays pending)
   */
  public Membership accept(Principal principal, @Nullable String token) {
    return runner.run(Operation.INVITATIONS, null, call -> {
      sessions.requireLive(principal);
      if (!wellFormed(token)) {
        throw new InvalidInvitationException();
      }
      String hash = hash(token);
      Invitation invitation = invitations().findPending(hash, call.now())
          .orElseThrow(InvalidInvitationException::new);
      User user = accounts.user(principal.userId());
      if (!user.email().equals(invitation.email())) {
        throw InvitationEmailException.mismatch();
      }
      if (!user.emailVerified()) {
        throw InvitationEmailException.notVerified();
      }
      Membership m = new Membership(invitation.organizationId(), user.id(), invitation.role(),
          MembershipStatus.ACTIVE, call.now());
      switch (invitations().accept(hash, invitation.email(), m, call.now(), call.event(
          AuditEventType.INVITATION_ACCEPTED, user.id(), principal.sessionId(),
          invitation.organizationId(), Map.of("invitation_id", invitation.id(),
              "role", invitation.role(), "invited_by", invitation.invitedBy())))) {
        case ACCEPTED -> {
          return m;
        }
        case ALREADY_MEMBER -> throw new ConflictException("organization_id",
            "You already are a member of this organization");
        default -> throw new InvalidInvitationException();
      }
    });
  }

  private InvitationStore invitations() {
    return store.invitations();
  }

  static String newToken() {
    return OpaqueTokens.generate(TOKEN_PREFIX);
  }

  /** Whether the text has the shape of an invitation token (saves a store lookup otherwise). */
  static boolean wellFormed(@Nullable String token) {
    return OpaqueTokens.wellFormed(TOKEN_PREFIX, token);
  }

  /** Lower-case hex SHA-256 of the token: the only form the store sees. */
  static String hash(String token) {
    return OpaqueTokens.hash(token);
  }
}
