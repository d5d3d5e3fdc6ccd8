package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import java.util.List;
import java.util.Optional;

/**
 * The organizations aggregate: organizations, their members and custom roles. Every operation is
 * atomic on its own; an organization never loses its last active owner, however many changes race.
 */
public interface OrganizationStore {

  /**
   * Inserts an organization, its owner's membership and the event, all or none.
   *
   * @throws ConflictException (field {@code slug}) when the slug is taken
   */
  void create(Organization organization, Membership owner, AuditEvent event);

  /** The organization with this id. */
  Optional<Organization> find(String organizationId);

  /** The user's membership in the organization, whatever its status. */
  Optional<Membership> findMembership(String organizationId, String userId);

  /** The organization's members, oldest first. */
  List<Membership> members(String organizationId);

  /** The user's memberships, oldest first. */
  List<Membership> membershipsOf(String userId);

  /**
   * Adds a member and records the event.
   *
   * @throws ConflictException (field {@code user_id}) when the user already is a member
   */
  void addMember(Membership membership, AuditEvent event);

  /**
   * Gives an existing member another role and records the event, unless that would leave the
   * organization without an active owner. Serialized with every other membership change of the
   * organization, so two owners demoting each other at once never both succeed.
   *
   * @param changed the membership with its new role (organization and user name the member)
   * @param expectedRole the role the member must still have (what the caller's rank checks saw)
   * @return what happened; only {@link MembershipChange#DONE} wrote anything
   */
  MembershipChange changeRole(Membership changed, String expectedRole, AuditEvent event);

  /**
   * Sets a member's status (suspends or reactivates) and records the event, unless that would
   * leave the organization without an active owner. Serialized like {@link #changeRole}.
   *
   * @return what happened; only {@link MembershipChange#DONE} wrote anything
   */
  MembershipChange setStatus(String organizationId, String userId, MembershipStatus status,
      AuditEvent event);

  /**
   * Removes a member and records the event, unless the member is the organization's last active
   * owner. Serialized with every other membership change of the organization.
   *
   * @return what happened; only {@link MembershipChange#DONE} wrote anything
   */
  MembershipChange removeMember(String organizationId, String userId, AuditEvent event);

  /**
   * Creates a custom role and records the event.
   *
   * @throws ConflictException (field {@code name}) when the organization has a role of this name
   */
  void createRole(Role role, AuditEvent event);

  /** The organization's custom role of this name. */
  Optional<Role> findRole(String organizationId, String name);

  /** The organization's custom roles, by name. */
  List<Role> roles(String organizationId);
}
