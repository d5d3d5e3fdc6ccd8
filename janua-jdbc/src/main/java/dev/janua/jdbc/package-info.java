/**
 * The PostgreSQL store of Janua: {@link dev.janua.jdbc.JdbcStore} on Jdbi, HikariCP and the
 * PostgreSQL driver, its configuration {@link dev.janua.jdbc.JdbcStoreConfig} (the performance
 * guide's {@code DATABASE_*} variables) and the {@link dev.janua.jdbc.SlowQueryListener} hook. The
 * schema ships as Flyway migrations under {@code db/janua} in this jar.
 */
package dev.janua.jdbc;
