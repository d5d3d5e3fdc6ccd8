/**
 * Implementation of janua-jdbc: URL parsing, row mapping, error translation, slow-query timing,
 * migrations and the health check. Not an API: anything here may change in any release.
 */
package dev.janua.jdbc.internal;
