package dev.janua.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-http exports: null-marked packages, closed public types, and no
 * implementation type in a public signature.
 */
class ApiShapeTest {
  private static final List<Class<?>> API = List.of(ApiError.class, BearerToken.class,
      ErrorMapper.class, JsonCodec.class, RateLimitHeaders.class, RequestIds.class, Requests.class,
      Responses.class);

  @Test
  void packages_areNullMarked() throws Exception {
    for (String pkg : List.of("dev.janua.http", "dev.janua.http.internal")) {
      assertThat(Class.forName(pkg + ".package-info").getAnnotation(NullMarked.class)).as(pkg)
          .isNotNull();
    }
  }

  @Test
  void publicTypes_areRecordsOrFinalClasses() {
    for (Class<?> top : API) {
      List<Class<?>> types = new ArrayList<>(List.of(top));
      types.addAll(List.of(top.getDeclaredClasses()));
      for (Class<?> t : types) {
        if (Modifier.isPublic(t.getModifiers())) {
          assertThat(t.isRecord() || Modifier.isFinal(t.getModifiers())).as(t.getName()).isTrue();
        }
      }
    }
  }

  @Test
  void publicSignatures_nameNoInternalType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : API) {
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          check(leaks, m, m.getGenericReturnType());
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers())) {
          check(leaks, c, null);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void check(List<String> leaks, Executable e, Type returned) {
    List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
    types.addAll(List.of(e.getGenericExceptionTypes()));
    if (returned != null) {
      types.add(returned);
    }
    for (Type t : types) {
      if (t.getTypeName().contains(".internal.")) {
        leaks.add(e.toGenericString());
      }
    }
  }
}
