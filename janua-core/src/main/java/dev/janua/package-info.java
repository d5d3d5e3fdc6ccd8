/**
 * The Janua API: {@link dev.janua.AuthEngine} (build it with {@link
 * dev.janua.AuthEngine#builder()}, close it when the service stops) and its typed sub-APIs ({@link dev.janua.Users}, {@link
 * dev.janua.Sessions}, {@link dev.janua.Organizations}, {@link dev.janua.SigningKeys}, {@link
 * dev.janua.OAuth} for resource servers); the
 * configuration ({@link dev.janua.JanuaConfig}); the {@link dev.janua.Principal} the engine makes
 * from a valid access token; the request and result values (users, sessions, organizations,
 * memberships, roles, token pairs, audit events); signing keys and the key ring; rate-limit
 * categories, rules and decisions; and the {@link dev.janua.JanuaException} tree with its stable
 * codes.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua;

import org.jspecify.annotations.NullMarked;
