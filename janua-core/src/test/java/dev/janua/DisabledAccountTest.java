package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.spi.Store;
import dev.janua.spi.StoredUser;
import dev.janua.spi.UserStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Disabled means gone: a signin that loses the race with a disable leaves no session, and the
 * tokens of a disabled account are refused by validate, refresh and authenticate.
 */
class DisabledAccountTest extends EngineTestBase {
  /** Once armed, disables the user right after signin has read its credentials. */
  private final AtomicBoolean disableAfterCredentialsRead = new AtomicBoolean();
  /** Users the profile reads report as disabled (a store whose sessions outlived a disable). */
  private final Set<String> reportedDisabled = ConcurrentHashMap.newKeySet();

  @Override
  AuthEngine engine(JanuaConfig config) {
    return AuthEngine.builder().config(config).store(racing()).clock(clock).keyRing(KEYS)
        .metrics(metrics).build();
  }

  /** The in-memory store, with the users aggregate hooked as the fields above say. */
  private Store racing() {
    UserStore real = store.users();
    UserStore users = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
        new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
          Object result = invoke(method, real, args);
          if (method.getName().equals("findCredentialsByEmail")
              && disableAfterCredentialsRead.getAndSet(false)) {
            ((Optional<?>) result).map(StoredUser.class::cast).ifPresent(u ->
                real.setEnabled(u.id(), false, clock.instant(), new AuditEvent(Call.newId(),
                    AuditEventType.USER_DISABLED, u.id(), null, null, null, null,
                    java.util.Map.of(), clock.instant())));
          }
          if (method.getName().equals("findById") && result instanceof Optional<?> o
              && o.isPresent() && reportedDisabled.contains(((StoredUser) o.get()).id())) {
            StoredUser u = (StoredUser) o.get();
            return Optional.of(u.withEnabled(false, u.updatedAt()));
          }
          return result;
        });
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) ->
            method.getName().equals("users") ? users : invoke(method, store, args));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void signin_disabledBetweenPasswordCheckAndSession_refusedAndNoSessionLeft() {
    String email = email();
    AuthResult signup = engine.signup(email, PASSWORD, CLIENT, null);
    String userId = signup.user().id();
    disableAfterCredentialsRead.set(true);

    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);

    assertThat(disableAfterCredentialsRead).isFalse(); // the hook ran
    assertThat(store.sessions().live(userId, clock.instant())).isEmpty();
    assertThat(engine.users().auditEvents(AuditQuery.forUser(userId, 1)))
        .singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo(AuditEventType.SIGNIN_FAILED);
          assertThat(e.details()).containsEntry("reason", "account_disabled");
        });
  }

  @Test
  void disable_everyTokenOfTheAccountRefused() {
    String email = email();
    AuthResult first = engine.signup(email, PASSWORD, CLIENT, null);
    AuthResult second = engine.signin(email, PASSWORD, CLIENT);
    engine.users().setEnabled(first.user().id(), false);

    for (AuthResult r : new AuthResult[] {first, second}) {
      assertThatThrownBy(() -> engine.validate(r.tokens().accessToken()))
          .isInstanceOf(InvalidTokenException.class)
          .extracting(e -> ((InvalidTokenException) e).reason())
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
      assertThatThrownBy(() -> engine.refresh(r.tokens().refreshToken(), CLIENT))
          .isInstanceOf(InvalidTokenException.class)
          .extracting(e -> ((InvalidTokenException) e).reason())
          .isEqualTo(TokenFailureReason.SESSION_REVOKED);
    }
    assertThat(store.sessions().live(first.user().id(), clock.instant())).isEmpty();
    assertThatThrownBy(() -> engine.signin(email, PASSWORD, CLIENT))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void refresh_ownerDisabledWhileASessionStayedLive_refused() {
    // A session a store let outlive the disable (rows from before sessions were revoked with it)
    AuthResult r = engine.signup(email(), PASSWORD, CLIENT, null);
    reportedDisabled.add(r.user().id());
    assertThatThrownBy(() -> engine.refresh(r.tokens().refreshToken(), CLIENT))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(TokenFailureReason.SESSION_REVOKED);
  }
}
