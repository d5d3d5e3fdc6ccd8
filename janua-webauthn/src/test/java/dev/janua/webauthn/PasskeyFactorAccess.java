package dev.janua.webauthn;

import dev.janua.AuthEngine;
import dev.janua.ClientInfo;
import dev.janua.JanuaException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The passkey second factor of an engine, as the sign-in MFA challenge calls it: the
 * package-private {@code PasskeyService.enrolled}, {@code requestOptions(userId, call)} and {@code
 * verify(userId, json, call)} of janua-core, reached by reflection (tests run on the class path;
 * a test class cannot join the core's package across a module boundary).
 */
final class PasskeyFactorAccess {
  private final Object service;
  private final Clock clock;
  private final Method enrolled;
  private final Method requestOptions;
  private final Method verify;
  private final Constructor<?> call;

  PasskeyFactorAccess(AuthEngine engine, Clock clock) throws ReflectiveOperationException {
    Object passkeys = engine.passkeys();
    Method service = passkeys.getClass().getDeclaredMethod("service");
    service.setAccessible(true);
    this.service = service.invoke(passkeys);
    this.clock = clock;
    Class<?> type = this.service.getClass();
    Class<?> callType = Class.forName("dev.janua.Call");
    this.enrolled = type.getDeclaredMethod("enrolled", String.class);
    this.requestOptions = type.getDeclaredMethod("requestOptions", String.class, callType);
    this.verify = type.getDeclaredMethod("verify", String.class, String.class, callType);
    this.call = callType.getDeclaredConstructor(Instant.class, ClientInfo.class,
        Class.forName("dev.janua.RateLimitDecision"));
    for (var m : new java.lang.reflect.AccessibleObject[] {enrolled, requestOptions, verify,
        call}) {
      m.setAccessible(true);
    }
  }

  private Object call() {
    try {
      return call.newInstance(clock.instant().truncatedTo(ChronoUnit.MICROS),
          ClientInfo.unknown(), null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object invoke(Method m, Object... args) {
    try {
      return m.invoke(service, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof JanuaException j) {
        throw j;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean enrolled(String userId) {
    return (Boolean) invoke(enrolled, userId);
  }

  String requestOptions(String userId) {
    return (String) invoke(requestOptions, userId, call());
  }

  String verify(String userId, String credentialJson) {
    return (String) invoke(verify, userId, credentialJson, call());
  }
}
