/**
 * Janua JDBC: the PostgreSQL store on Jdbi, HikariCP and Flyway. The implementation package is
 * not exported.
 */
module dev.janua.jdbc {
  requires transitive dev.janua.core;
  // JdbcStore takes and hands out a javax.sql.DataSource.
  requires transitive java.sql;
  requires org.jdbi.v3.core;
  // Jdbi is an automatic module and cannot declare that it needs geantyref (an explicit module):
  // without this, geantyref is not resolved on the module path and Jdbi.create fails.
  requires io.leangen.geantyref;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  // flyway-core 13 has neither module-info nor Automatic-Module-Name: "flyway.core" is derived
  // from the jar's file name and changes if the jar is renamed.
  requires flyway.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.janua.jdbc;
  // Flyway reads the migrations (classpath:db/janua) from this jar through the class loader,
  // which finds resources in a named module's package only when it is open.
  opens db.janua;
}
