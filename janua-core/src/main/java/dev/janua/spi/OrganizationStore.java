package dev.janua.spi;

import dev.janua.AuditEvent;
import dev.janua.ConflictException;
import dev.janua.Membership;
import dev.janua.MembershipStatus;
import dev.janua.Organization;
import dev.janua.Role;
import dev.janua.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
   * Adds a member and records the event. A custom role must exist when the member is written: an
   * addition racing the role's {@link #deleteRole deletion} either comes first (and the member is
   * moved to the fallback role) or is refused.
   *
   * @throws ConflictException (field {@code user_id}) when the user already is a member
   * @throws NotFoundException when the membership's role is a custom role the organization does
   *     not have
   */
  void addMember(Membership membership, AuditEvent event);

  /**
   * Gives an existing member another role and records the event, unless that would leave the
   * organization without an active owner. Serialized with every other membership change of the
   * organization, so two owners demoting each other at once never both succeed.
   *
   * A custom new role must still exist under the same serialization, so a change racing the
   * role's {@link #deleteRole deletion} either comes first (and the member is moved to the fallback
   * role) or answers {@link MembershipChange#NO_SUCH_ROLE}.
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

  /**
   * Changes an organization's name and slug and records the event.
   *
   * @param updated the organization as it is to be (its id names it; owner and creation time are
   *                kept as stored)
   * @return {@code false} when there is no such organization (nothing written)
   * @throws ConflictException (field {@code slug}) when another organization has the slug, also
   *     when two updates race for one slug
   */
  boolean updateOrganization(Organization updated, AuditEvent event);

  /**
   * Deletes an organization with everything it holds (members, custom roles, and the active
   * organization of sessions that had it) in one step, and records the event.
   *
   * @return the memberships removed, empty when there was no such organization (an organization
   *     always has an owner, so a deleted one had at least one)
   */
  List<Membership> deleteOrganization(String organizationId, AuditEvent event);

  /**
   * Replaces a custom role's permissions and records the event.
   *
   * @param updated the role with its new permissions (organization and name name it; the creation
   *                time is kept as stored)
   * @return {@code false} when the organization has no such role (nothing written)
   */
  boolean updateRole(Role updated, AuditEvent event);

  /**
   * Deletes a custom role and, in the same step, moves every member who had it to {@code
   * fallbackRole}, then records the event. Serialized with the guarded membership changes, so a
   * {@link #changeRole} or {@link #addMember} to this role racing the deletion either comes first
   * (and its member is moved) or is refused.
   *
   * @param fallbackRole a system role name
   * @return the moved memberships as they are now, or empty when there was no such role (nothing
   *     written)
   */
  Optional<List<Membership>> deleteRole(String organizationId, String name,
      String fallbackRole, AuditEvent event);

  /**
   * One page of the organization's members in the order of {@link #members}: oldest first, then by
   * user id (compared as code units, PostgreSQL's {@code COLLATE "C"}).
   *
   * @param after the position of the last member of the previous page, or {@code null} for the
   *              first page
   * @param limit the most members to return, at least 1
   */
  List<Membership> membersPage(String organizationId, @Nullable MemberPosition after,
      int limit);

}
