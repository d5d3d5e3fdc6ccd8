package dev.janua.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * The check of a module's published surface: this is how Janua's own modules (janua-cache,
 * janua-jdbc, janua-redis, janua-metrics, janua-test) test what they export, and a third-party
 * plugin author may run it on a plugin the same way.
 *
 * <p>It looks at the classes directory one anchor class was loaded from and checks that
 *
 * <ul>
 *   <li>every package with a class there is {@code @NullMarked} (JSpecify) in its {@code
 *       package-info}, and
 *   <li>no public or protected signature of a public type of the API package names an
 *       implementation type ({@code .internal} package of any Janua module) or a third-party type:
 *       only {@code java.}, {@code javax.}, {@code dev.janua.} and the prefixes given to {@link
 *       #allow} may appear.
 * </ul>
 *
 * <pre>{@code
 * @Test
 * void publishedSurface() {
 *   ApiSurface.of(MyPlugin.class).module("my-plugin").apiPackage("com.example.janua")
 *       .assertClean();
 * }
 * }</pre>
 *
 * <p>Instances are immutable: every setter returns a new one.
 */
public final class ApiSurface {
  /** Any Janua module's implementation package. */
  private static final Pattern INTERNAL = Pattern.compile("^dev\\.janua(\\.\\w+)*\\.internal\\.");
  /** Where the types a public signature may name always come from: the JDK and Janua's API/SPI. */
  private static final List<String> ALWAYS_ALLOWED = List.of("java.", "javax.", "dev.janua.");

  private final Class<?> anchor;
  private final String apiPackage;
  private final String module;
  private final List<String> allowed;

  private ApiSurface(Class<?> anchor, String apiPackage, String module, List<String> allowed) {
    this.anchor = anchor;
    this.apiPackage = apiPackage;
    this.module = module;
    this.allowed = List.copyOf(allowed);
  }

  /**
   * The surface of the module whose main classes {@code anchor} was compiled with. The API package
   * defaults to the anchor's package and the module name (used in messages) to that package.
   *
   * @throws NullPointerException when {@code anchor} is null
   */
  public static ApiSurface of(Class<?> anchor) {
    Objects.requireNonNull(anchor, "anchor");
    String pkg = anchor.getPackageName();
    return new ApiSurface(anchor, pkg, pkg, ALWAYS_ALLOWED);
  }

  /**
   * The same check with {@code packageName} as the API package whose signatures are checked.
   *
   * @throws IllegalArgumentException when {@code packageName} is blank
   */
  public ApiSurface apiPackage(String packageName) {
    return new ApiSurface(anchor, nonBlank(packageName, "packageName"), module, allowed);
  }

  /**
   * The same check naming the module {@code name} (for example {@code "janua-cache"}) in its
   * messages.
   *
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public ApiSurface module(String name) {
    return new ApiSurface(anchor, apiPackage, nonBlank(name, "name"), allowed);
  }

  /**
   * The same check also allowing types whose binary name starts with {@code prefix} (for example
   * {@code "io.micrometer.core.instrument."}) in public signatures: a third-party type the module
   * exposes on purpose.
   *
   * @throws IllegalArgumentException when {@code prefix} is blank
   */
  public ApiSurface allow(String prefix) {
    List<String> more = new ArrayList<>(allowed);
    more.add(nonBlank(prefix, "prefix"));
    return new ApiSurface(anchor, apiPackage, module, more);
  }

  /**
   * The packages with a class in the module's classes directory that are not {@code @NullMarked}
   * (with {@code " (no package-info)"} when there is no package-info at all), plus a line when the
   * API package has no class there. Empty when all is well.
   *
   * @throws UncheckedIOException when the classes directory cannot be read
   */
  public List<String> unmarkedPackages() {
    Set<String> packages = packages();
    List<String> unmarked = new ArrayList<>();
    if (!packages.contains(apiPackage)) {
      unmarked.add("the API package " + apiPackage + " has no class in " + classes());
    }
    for (String pkg : packages) {
      Class<?> info;
      try {
        info = Class.forName(pkg + ".package-info", false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        unmarked.add(pkg + " (no package-info)");
        continue;
      }
      if (info.getAnnotation(NullMarked.class) == null) {
        unmarked.add(pkg);
      }
    }
    return unmarked;
  }

  /**
   * One line for every implementation or not-allowed third-party type a public or protected
   * signature of a public type of the API package names (return, parameter, exception and field
   * types, supertypes and type-variable bounds, type arguments included), plus a line when the API
   * package has no public type. Empty when all is well.
   *
   * @throws UncheckedIOException when the classes directory cannot be read
   * @throws IllegalStateException when a class file of the API package cannot be loaded
   */
  public List<String> signatureLeaks() {
    List<Class<?>> types = publicTypes();
    List<String> leaks = new ArrayList<>();
    if (types.isEmpty()) {
      leaks.add("the API package " + apiPackage + " has no public type");
    }
    for (Class<?> type : types) {
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
    return leaks;
  }

  /**
   * Fails unless {@link #unmarkedPackages()} is empty.
   *
   * @throws AssertionError naming the module and the packages without {@code @NullMarked}
   */
  public void assertEveryPackageNullMarked() {
    List<String> unmarked = unmarkedPackages();
    if (!unmarked.isEmpty()) {
      throw new AssertionError("packages of " + module + " without @NullMarked: " + unmarked);
    }
  }

  /**
   * Fails unless {@link #signatureLeaks()} is empty.
   *
   * @throws AssertionError naming the module and every leaking signature
   */
  public void assertNoInternalOrThirdPartyType() {
    List<String> leaks = signatureLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("public signatures of " + module + " (" + apiPackage
          + ") naming an implementation or third-party type:\n  " + String.join("\n  ", leaks));
    }
  }

  /**
   * Both checks: {@link #assertEveryPackageNullMarked()} and {@link
   * #assertNoInternalOrThirdPartyType()}.
   *
   * @throws AssertionError when either finds a problem
   */
  public void assertClean() {
    assertEveryPackageNullMarked();
    assertNoInternalOrThirdPartyType();
  }

  private static String nonBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private void check(List<String> leaks, Executable e) {
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
  private void check(List<String> leaks, String where, @Nullable Type type) {
    Set<Class<?>> named = new HashSet<>();
    collect(type, named, new HashSet<>());
    for (Class<?> c : named) {
      String name = c.getName();
      if (INTERNAL.matcher(name).find()) {
        leaks.add(where + " names the implementation type " + name);
      } else if (!c.isPrimitive() && allowed.stream().noneMatch(name::startsWith)) {
        leaks.add(where + " names the third-party type " + name);
      }
    }
  }

  /** Every class a type names: raw types, type arguments, bounds, owners, array components. */
  private static void collect(@Nullable Type type, Set<Class<?>> out, Set<Type> seen) {
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

  /** The directory the module's classes were loaded from. */
  private Path classes() {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the classes location of " + anchor.getName()
          + " is no valid URI", e);
    }
  }

  /** Every package with a class in the module's classes. */
  private Set<String> packages() {
    Path root = classes();
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).getParent())
          .filter(dir -> dir != null)
          .forEach(dir -> out.add(dir.toString().replace(dir.getFileSystem().getSeparator(), ".")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classes in " + root, e);
    }
    return out;
  }

  /** The public top-level and nested types compiled into the API package. */
  private List<Class<?>> publicTypes() {
    Path dir = classes().resolve(apiPackage.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String simple = f.getFileName().toString().replace(".class", "");
        if (simple.equals("package-info")) {
          continue;
        }
        Class<?> type;
        try {
          type = Class.forName(apiPackage + "." + simple, false, anchor.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("cannot load " + apiPackage + "." + simple, e);
        }
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classes in " + dir, e);
    }
    return out;
  }
}
