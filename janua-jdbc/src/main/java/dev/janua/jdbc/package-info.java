/**
 * The PostgreSQL store of Janua: {@link dev.janua.jdbc.JdbcPlugin}, which installs it on an engine
 * ({@code AuthEngine.builder().install(JdbcPlugin.fromEnv())}); {@link dev.janua.jdbc.JdbcStore},
 * the store itself on Jdbi, HikariCP and the PostgreSQL driver; its configuration {@link
 * dev.janua.jdbc.JdbcStoreConfig} (the performance guide's {@code DATABASE_*} variables) and the
 * {@link dev.janua.jdbc.SlowQueryListener} hook. The schema ships as Flyway migrations under
 * {@code db/janua} in this jar.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.janua.jdbc;

import org.jspecify.annotations.NullMarked;
