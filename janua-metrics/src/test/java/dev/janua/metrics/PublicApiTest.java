package dev.janua.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The shape of what janua-metrics exports, checked the way janua-core's {@code PublicApiTest}
 * checks the core: every package of the module is null-marked, and no public signature of the API
 * package ({@value #API}) names an implementation type ({@code .internal} of any Janua module) or a
 * third-party type other than Micrometer's, which this adapter exposes on purpose.
 */
class PublicApiTest {
  private static final String API = "dev.janua.metrics";
  /** Any Janua module's implementation package. */
  private static final Pattern INTERNAL = Pattern.compile("^dev\\.janua(\\.\\w+)*\\.internal\\.");
  /** Where the types a public signature may name come from: the JDK and Janua's API and SPI. */
  private static final List<String> ALLOWED = List.of("java.", "javax.", "dev.janua.",
      // janua-metrics is the Micrometer adapter: on purpose, it takes the host's MeterRegistry
      // and its binders are Micrometer MeterBinders (module-info requires micrometer.core
      // transitively).
      "io.micrometer.core.instrument.");

  @Test
  void everyPackage_isNullMarked() throws Exception {
    Set<String> packages = packages();
    assertThat(packages).contains(API);
    List<String> unmarked = new ArrayList<>();
    for (String pkg : packages) {
      Class<?> info;
      try {
        info = Class.forName(pkg + ".package-info");
      } catch (ClassNotFoundException e) {
        unmarked.add(pkg + " (no package-info)");
        continue;
      }
      if (info.getAnnotation(NullMarked.class) == null) {
        unmarked.add(pkg);
      }
    }
    assertThat(unmarked).as("packages of janua-metrics without @NullMarked").isEmpty();
  }

  @Test
  void publicSignatures_nameNoInternalOrThirdPartyType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
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
      for (TypeVariable<?> v : type.getTypeParameters()) {
        check(leaks, type.getName() + " <" + v.getName() + ">", v);
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
    for (TypeVariable<?> v : e.getTypeParameters()) {
      check(leaks, e.toGenericString(), v);
    }
  }

  /** Adds a line for every class {@code type} names that is internal or not allowed. */
  private static void check(List<String> leaks, String where, Type type) {
    Set<Class<?>> named = new HashSet<>();
    collect(type, named, new HashSet<>());
    for (Class<?> c : named) {
      String name = c.getName();
      if (INTERNAL.matcher(name).find()) {
        leaks.add(where + " names the implementation type " + name);
      } else if (!c.isPrimitive() && ALLOWED.stream().noneMatch(name::startsWith)) {
        leaks.add(where + " names the third-party type " + name);
      }
    }
  }

  /** Every class a type names: raw types, type arguments, bounds, owners, array components. */
  private static void collect(Type type, Set<Class<?>> out, Set<Type> seen) {
    if (type == null || !seen.add(type)) {
      return;
    }
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        collect(c.componentType(), out, seen);
      } else {
        out.add(c);
      }
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), out, seen);
      collect(p.getOwnerType(), out, seen);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, out, seen);
      }
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, out, seen);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, out, seen);
      }
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, out, seen);
      }
    } else if (type instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), out, seen);
    }
  }

  /** The directory (or jar) this module's main classes were loaded from. */
  private static Path classes() throws URISyntaxException {
    return Path.of(MicrometerPlugin.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
  }

  /** Every package with a class in this module's main classes. */
  private static Set<String> packages() throws IOException, URISyntaxException {
    Path root = classes();
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).getParent())
          .filter(dir -> dir != null)
          .forEach(dir -> out.add(dir.toString().replace(dir.getFileSystem().getSeparator(), ".")));
    }
    return out;
  }

  /** The public top-level and nested types compiled into the API package. */
  private static List<Class<?>> publicTypes() throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path dir = classes().resolve(API.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String simple = f.getFileName().toString().replace(".class", "");
        if (simple.equals("package-info")) {
          continue;
        }
        Class<?> type = Class.forName(API + "." + simple, false,
            PublicApiTest.class.getClassLoader());
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
    assertThat(out).as("public types of " + API).isNotEmpty();
    return out;
  }
}
