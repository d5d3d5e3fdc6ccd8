package dev.janua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape of what the core exports: every package is null-marked, public types are interfaces,
 * enums, records or final classes, and no public signature names an implementation class or a
 * third-party type.
 */
class PublicApiTest {
  /** Packages whose types are not Janua's API: implementation, and the libraries the core uses. */
  private static final List<String> FOREIGN = List.of("dev.janua.internal.", "io.jsonwebtoken.",
      "com.fasterxml.", "com.github.benmanes.", "at.favre.", "org.slf4j.");

  @ParameterizedTest
  @ValueSource(strings = {"dev.janua", "dev.janua.spi", "dev.janua.memory", "dev.janua.internal"})
  void everyPackage_isNullMarked(String pkg) throws Exception {
    Class<?> info = Class.forName(pkg + ".package-info");
    assertThat(info.getAnnotation(NullMarked.class)).as(pkg).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.janua", "dev.janua.spi", "dev.janua.memory"})
  void publicTypes_areInterfacesEnumsRecordsOrFinalClasses(String pkg) throws Exception {
    for (Class<?> type : publicTypes(pkg)) {
      boolean closed = type.isInterface() || type.isEnum() || type.isRecord()
          || Modifier.isFinal(type.getModifiers())
          // the root of the exception tree: its subclasses are final
          || type == JanuaException.class;
      assertThat(closed).as(type.getName() + " is an interface, enum, record or final class").isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.janua", "dev.janua.spi", "dev.janua.memory"})
  void publicSignatures_nameNoInternalOrThirdPartyType(String pkg) throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : publicTypes(pkg)) {
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m.getModifiers())) {
          check(leaks, m.toGenericString(), m.getGenericReturnType());
          check(leaks, m);
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c.getModifiers())) {
          check(leaks, c);
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, f.toGenericString(), f.getGenericType());
        }
      }
      check(leaks, type.getName() + " extends", type.getGenericSuperclass());
      for (Type t : type.getGenericInterfaces()) {
        check(leaks, type.getName() + " implements", t);
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(List<String> leaks, Executable e) {
    for (Type t : e.getGenericParameterTypes()) {
      check(leaks, e.toGenericString(), t);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      check(leaks, e.toGenericString(), t);
    }
  }

  private static void check(List<String> leaks, String where, Type type) {
    if (type == null) {
      return;
    }
    String name = type.getTypeName();
    for (String foreign : FOREIGN) {
      if (name.contains(foreign)) {
        leaks.add(where + " names " + name);
      }
    }
  }

  /** The public top-level and nested types compiled into one package of the core. */
  static List<Class<?>> publicTypes(String pkg) throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path classes = Path.of(AuthEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = classes.resolve(pkg.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String simple = f.getFileName().toString().replace(".class", "");
        if (simple.equals("package-info") || simple.equals("module-info")) {
          continue;
        }
        Class<?> type = Class.forName(pkg + "." + simple, false, AuthEngine.class.getClassLoader());
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
          continue;
        }
        boolean reachable = true;
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
          reachable &= Modifier.isPublic(t.getModifiers());
        }
        if (reachable) {
          out.add(type);
        }
      }
    }
    assertThat(out).as("public types of " + pkg).isNotEmpty();
    return out;
  }
}
