/**
 * Implementation of janua-jdbc: one class per store aggregate ({@code JdbcUsers},
 * {@code JdbcSessions}, {@code JdbcOrganizations}, {@code JdbcAudit}, {@code JdbcSigningKeys}) on
 * the one Jdbi of {@code Db}; URL parsing, row mapping, error translation, slow-query timing,
 * migrations and the health check. Not an API: anything here may change in any release.
 */
@NullMarked
package dev.janua.jdbc.internal;

import org.jspecify.annotations.NullMarked;
