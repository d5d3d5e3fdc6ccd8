package dev.janua;

import dev.janua.internal.AccessClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.memory.InMemoryStore;
import dev.janua.spi.StoredUser;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A principal the engine did not make, or whose session has ended, gets nothing done: every
 * operation that takes one refuses it with {@code session_revoked} and writes nothing. The
 * operations are found by reflection over the public methods of {@link AuthEngine} and its
 * sub-APIs, so an operation added later without the check fails here.
 */
class PrincipalForgeryTest extends EngineTestBase {
  /** The operations the issue names; the reflection must find at least these. */
  private static final Set<String> KNOWN = Set.of("checkPermission", "requirePermission",
      "signout", "users().me", "users().changePassword", "sessions().list", "sessions().revoke",
      "organizations().create", "organizations().get", "organizations().list",
      "organizations().members", "organizations().addMember", "organizations().changeRole",
      "organizations().removeMember", "organizations().createRole");

  /**
   * What a closed engine still answers: getters of its parts and answers held in memory (liveness,
   * the metrics snapshot, the JWKS and key ring it had). Everything else must refuse.
   */
  private static final Set<String> ANSWERS_WHEN_CLOSED = Set.of("close", "config", "rateLimiter",
      "users", "sessions", "organizations", "invitations", "signingKeys", "oauth", "apiTokens", "mfa",
      "passkeys",
      "health", "metricsSnapshot",
      "jwks", "signingKeys().ring", "signingKeys().jwks", "oauth().metadata",
      "signingKeys().jwksMaxAge", "signingKeys().jwksCacheControl");

  private final List<AuthEngine> others = new ArrayList<>();
  private final AtomicInteger unique = new AtomicInteger();

  @AfterEach
  void closeEngines() {
    others.forEach(AuthEngine::close);
    engine.close();
  }

  /** One public method of the engine or of one of its sub-APIs. */
  record Op(String name, Function<AuthEngine, Object> target, Method method) {
    boolean takesPrincipal() {
      return Arrays.asList(method.getParameterTypes()).contains(Principal.class);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every public method of {@link AuthEngine} and of every part it hands out. */
  static List<Op> allOperations() {
    List<Op> out = new ArrayList<>();
    addMethods(out, "", e -> e, AuthEngine.class);
    for (Method getter : AuthEngine.class.getMethods()) {
      Class<?> part = getter.getReturnType();
      if (getter.getDeclaringClass() == AuthEngine.class && getter.getParameterCount() == 0
          && !Modifier.isStatic(getter.getModifiers()) && part.getPackageName().equals("dev.janua")
          && !part.isRecord() && !part.isEnum() && !part.isInterface()) {
        addMethods(out, getter.getName() + "().", e -> invoke(getter, e), part);
      }
    }
    return out;
  }

  private static void addMethods(List<Op> out, String prefix, Function<AuthEngine, Object> target,
      Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.getDeclaringClass() == type && !Modifier.isStatic(m.getModifiers())) {
        out.add(new Op(prefix + m.getName(), target, m));
      }
    }
  }

  static List<Op> principalOperations() {
    return allOperations().stream().filter(Op::takesPrincipal).toList();
  }

  /** How a principal that must be refused came about. */
  enum Forgery {
    /** Made through reflection with the live owner's ids, but not by this engine. */
    HAND_MADE_FROM_LIVE_IDS,
    /** Made by another engine, on another store, with the same signing keys. */
    MADE_BY_ANOTHER_ENGINE,
    /** Its session was signed out. */
    SIGNED_OUT,
    /** Every session of its user was revoked. */
    ALL_SESSIONS_REVOKED,
    /** Its user changed the password, which revokes every session. */
    PASSWORD_CHANGED,
    /** Its user was disabled, which revokes every session. */
    USER_DISABLED,
    /** Its session reached the absolute cap. */
    SESSION_CAP_PASSED
  }

  static Stream<Arguments> forgeriesTimesOperations() {
    return Arrays.stream(Forgery.values())
        .flatMap(f -> principalOperations().stream().map(op -> Arguments.of(f, op)));
  }

  /** An organization with its owner (signed in twice), a member, and a user outside it. */
  private final class World {
    final String ownerEmail = email();
    final Principal owner;
    final String ownerOtherSession;
    final Organization org;
    final String memberId;
    final String outsiderId;

    World() {
      owner = principal(engine.signup(ownerEmail, PASSWORD, CLIENT, "Owner"));
      ownerOtherSession = engine.signin(ownerEmail, PASSWORD, CLIENT).session().id();
      org = engine.organizations().create(owner, "Acme", "acme-" + unique.incrementAndGet());
      memberId = signup().user().id();
      engine.organizations().addMember(owner, org.id(), memberId, RoleName.MEMBER);
      outsiderId = signup().user().id();
    }
  }

  /** What a refused call must leave as it was. */
  private record State(int auditEvents, List<Session> ownerSessions, List<Membership> members,
      List<Membership> ownerMemberships, List<Role> roles, String ownerPasswordHash) {}

  private State state(World w) {
    return new State(store.audit().query(AuditQuery.latest(1000)).size(),
        store.sessions().live(w.owner.userId(), clock.instant()),
        store.organizations().members(w.org.id()),
        store.organizations().membershipsOf(w.owner.userId()),
        store.organizations().roles(w.org.id()),
        store.users().findById(w.owner.userId()).map(StoredUser::passwordHash).orElseThrow());
  }

  private Principal forge(Forgery forgery, World w) throws Exception {
    switch (forgery) {
      case HAND_MADE_FROM_LIVE_IDS -> {
        return handMade(w.owner, new Object());
      }
      case MADE_BY_ANOTHER_ENGINE -> {
        AuthEngine other = AuthEngine.builder().config(config().build()).store(new InMemoryStore())
            .clock(clock).keyRing(KEYS).build();
        others.add(other);
        return other.validate(other.signup(email(), PASSWORD, CLIENT).tokens().accessToken());
      }
      case SIGNED_OUT -> engine.signout(w.owner);
      case ALL_SESSIONS_REVOKED -> engine.sessions().revokeAll(w.owner.userId());
      case PASSWORD_CHANGED -> engine.users().changePassword(w.owner, PASSWORD,
          "another good password", CLIENT);
      case USER_DISABLED -> engine.users().setEnabled(w.owner.userId(), false);
      case SESSION_CAP_PASSED -> clock.advance(engine.config().sessionMaxLifetime());
    }
    return w.owner;
  }

  /** What an attacker with reflection can make: a principal holding live ids, minted by no engine. */
  private static Principal handMade(Principal copy, Object identity) throws Exception {
    Constructor<Principal> c = Principal.class.getDeclaredConstructor(AccessClaims.class, Object.class);
    c.setAccessible(true);
    return c.newInstance(new AccessClaims(copy.userId(), copy.sessionId(), copy.organizationId(),
        copy.tokenId(), copy.issuedAt(), copy.expiresAt(), copy.clientId(), copy.scopes(),
        copy.roles()), identity);
  }

  /** Arguments with which the operation succeeds for the live owner; by type for unknown ones. */
  private Object[] arguments(Op op, Principal p, World w) {
    String org = w.org.id();
    return switch (op.name()) {
      case "checkPermission", "requirePermission" -> new Object[] {p, org, "members:read"};
      case "signout", "users().me", "sessions().list", "organizations().list" -> new Object[] {p};
      case "users().changePassword" -> new Object[] {p, PASSWORD, "a brand new password", CLIENT};
      case "sessions().revoke" -> new Object[] {p, w.ownerOtherSession};
      case "organizations().create" -> new Object[] {p, "Other", "other-" + unique.incrementAndGet()};
      case "organizations().get", "organizations().members" -> new Object[] {p, org};
      case "organizations().addMember" -> new Object[] {p, org, w.outsiderId, RoleName.MEMBER};
      case "organizations().changeRole" -> new Object[] {p, org, w.memberId, RoleName.VIEWER};
      case "organizations().removeMember" -> new Object[] {p, org, w.memberId};
      case "organizations().createRole" -> new Object[] {p, org, "billing", Set.of("org:read")};
      default -> byType(op.method(), p, org);
    };
  }

  private static Object[] byType(Method m, Principal p, String text) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      args[i] = t == Principal.class ? p
          : t == String.class ? text
          : t == ClientInfo.class ? CLIENT
          : t == RoleName.class ? RoleName.MEMBER
          : t == Set.class ? Set.of("org:read")
          : t == AuditQuery.class ? AuditQuery.latest(10)
          : t == ClientCredentials.class ? new ClientCredentials("unknown", "secret")
          : t == boolean.class ? Boolean.FALSE
          // Objects, not numbers: a numeric conditional would unbox the null below.
          : t == int.class ? (Object) 1
          : t == long.class ? (Object) 1L
          : null;
    }
    return args;
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object call(Op op, Object[] args) {
    return invoke(op.method(), op.target().apply(engine), args);
  }

  @Test
  void reflection_findsEveryPrincipalTakingOperation() {
    assertThat(principalOperations()).extracting(Op::name).containsAll(KNOWN);
  }

  @Test
  void principal_cannotBeMadeOutsideTheEngine() {
    assertThat(Modifier.isFinal(Principal.class.getModifiers())).isTrue();
    assertThat(Principal.class.getConstructors()).isEmpty();
    assertThat(Principal.class.getMethods()).noneMatch(m -> Modifier.isStatic(m.getModifiers())
        && m.getReturnType() == Principal.class);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("forgeriesTimesOperations")
  void refusedPrincipal_everyOperation_sessionRevoked_nothingWritten(Forgery forgery, Op op)
      throws Exception {
    World w = new World();
    Principal refused = forge(forgery, w);
    Object[] args = arguments(op, refused, w);
    State before = state(w);
    assertThatThrownBy(() -> call(op, args))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(e -> assertThat(((InvalidTokenException) e).reason())
            .isEqualTo(TokenFailureReason.SESSION_REVOKED));
    assertThat(state(w)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("principalOperations")
  void livePrincipal_sameArguments_accepted(Op op) {
    // The control: with the engine's own live principal, the very same call goes through, so the
    // refusals above come from the principal alone.
    World w = new World();
    Object[] args = arguments(op, w.owner, w);
    if (KNOWN.contains(op.name())) {
      call(op, args);
    } else {
      try {
        call(op, args);
      } catch (InvalidTokenException e) {
        assertThat(e.reason()).as(op.name()).isNotEqualTo(TokenFailureReason.SESSION_REVOKED);
      } catch (JanuaException | IllegalArgumentException | NullPointerException e) {
        // arguments by type need not make sense for an operation this test does not know
      }
    }
  }

  @Test
  void closedEngine_refusesEveryOperation_namingThatItIsClosed() {
    World w = new World();
    List<Op> all = allOperations();
    engine.close();
    List<String> checked = new ArrayList<>();
    for (Op op : all) {
      Class<?> owner = op.method().getDeclaringClass();
      if (ANSWERS_WHEN_CLOSED.contains(op.name()) || owner == JanuaConfig.class
          || owner == RateLimiter.class) {
        continue;
      }
      Object[] args = op.takesPrincipal() ? arguments(op, w.owner, w)
          : byType(op.method(), w.owner, w.org.id());
      assertThatThrownBy(() -> call(op, args)).as(op.name())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      checked.add(op.name());
    }
    assertThat(checked).contains("signup", "signin", "refresh", "validate", "ready",
        "users().get", "users().setEnabled", "users().auditEvents", "sessions().revokeAll",
        "signingKeys().rotate", "oauth().introspect", "oauth().revoke").containsAll(KNOWN);
  }

  @Test
  void close_twice_isHarmless_andClosesWhatTheEngineOwnsOnce() {
    AtomicInteger closed = new AtomicInteger();
    AutoCloseable resource = closed::incrementAndGet;
    AuthEngine e = AuthEngine.builder().config(config().build()).store(store).clock(clock)
        .keyRing(KEYS).install(ctx -> ctx.closeOnShutdown(resource)).build();
    e.close();
    e.close();
    assertThat(closed).hasValue(1);
    assertThatThrownBy(() -> e.signin(email(), PASSWORD, CLIENT))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
