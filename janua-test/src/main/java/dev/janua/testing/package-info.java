/**
 * The Janua test kit, for tests only (depend on {@code dev.janua:janua-test} in test scope).
 *
 * <ul>
 *   <li>The store contract: one suite per aggregate ({@link dev.janua.testing.UserStoreContract},
 *       {@link dev.janua.testing.SessionStoreContract}, {@link
 *       dev.janua.testing.OrganizationStoreContract}, {@link dev.janua.testing.AuditStoreContract},
 *       {@link dev.janua.testing.SigningKeyStoreContract}) and {@link
 *       dev.janua.testing.StoreContract}, which runs all five. A store implementation's test
 *       extends one of them and says how to make a store.
 *   <li>{@link dev.janua.testing.JanuaTestEngine}: an engine on the in-memory store with cheap
 *       bcrypt and a {@link dev.janua.testing.MutableClock}, for an application's own unit tests.
 *   <li>{@link dev.janua.testing.TestServices}: the PostgreSQL and Redis an integration test runs
 *       against (environment variable, local service, Testcontainers, or a failure saying what to
 *       do).
 *   <li>{@link dev.janua.testing.Fixtures}: valid, unique domain values for store tests.
 *   <li>{@link dev.janua.testing.ApiSurface}: the check of a module's published surface (null-marked
 *       packages, no implementation or third-party type in public signatures), used by Janua's
 *       modules and open to plugin authors.
 * </ul>
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.testing;

import org.jspecify.annotations.NullMarked;
