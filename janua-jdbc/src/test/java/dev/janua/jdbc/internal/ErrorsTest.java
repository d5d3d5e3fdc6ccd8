package dev.janua.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janua.ConflictException;
import dev.janua.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void translate_poolTimeout_storeUnavailable_causeIsDriverException() {
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException("janua - Connection is not available, request timed out");
    RuntimeException e = Errors.translate("findUserById", new ConnectionException(timeout));
    assertThat(e).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unavailable").hasMessageContaining("findUserById");
    assertThat(e.getCause()).isSameAs(timeout);
  }

  @Test
  void translate_connectionSqlState_storeUnavailable() {
    RuntimeException e = Errors.translate("op",
        new IllegalStateException(new SQLException("I/O error", "08006")));
    assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("unavailable");
    assertThat(Errors.translate("op", new IllegalStateException(new SQLException("x", "57P01"))))
        .hasMessageContaining("unavailable");
  }

  @Test
  void translate_otherDatabaseError_storeUnavailableWithSqlStateOnly() {
    RuntimeException e = Errors.translate("createUser",
        new IllegalStateException("args: secret-hash", new SQLException("boom", "P0001")));
    assertThat(e).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("P0001").hasMessageNotContaining("secret-hash");
  }

  @Test
  void translate_uniqueViolationWithoutConstraint_conflictOnId() {
    RuntimeException e = Errors.translate("op",
        new IllegalStateException(new SQLException("dup", "23505")));
    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(((ConflictException) e).field()).isEqualTo("id");
  }

  @Test
  void translate_januaException_passedThrough() {
    ConflictException c = new ConflictException("slug", "taken");
    assertThat(Errors.translate("op", c)).isSameAs(c);
  }
}
