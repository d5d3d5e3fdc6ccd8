package dev.janua.servlet;

import dev.janua.RateLimitCategory;
import dev.janua.servlet.internal.PathRules;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link JanuaAuthenticationFilter}; immutable, made by {@link #builder()}.
 *
 * <ul>
 *   <li><b>Which paths</b> the filter authenticates and rate-limits: {@link
 *       Builder#includePaths} (default {@code /}, everything) and {@link Builder#excludePaths}
 *       (default none). The longest matching prefix decides; prefixes match whole path segments.
 *       Every request, covered or not, gets its {@code X-Request-ID} and {@code X-Response-Time}.
 *   <li><b>Without credentials</b>, a covered request is refused with 401 (default) or, with
 *       {@link Builder#allowAnonymous}, passed on without a principal. A credential that is
 *       present but not valid is refused either way.
 *   <li><b>Rate limit</b>: covered requests are counted per client IP in {@link
 *       Builder#rateLimitCategory} (default {@link RateLimitCategory#USER_OPERATIONS}) before
 *       authentication, so guessing tokens is limited too; {@link Builder#noRateLimit()} turns it
 *       off.
 *   <li><b>Errors</b> thrown by the application behind the filter (a {@code
 *       PermissionDeniedException}, say) are answered in the error shape, unless {@link
 *       Builder#mapExceptions} is off.
 *   <li><b>Timing</b> through janua-metrics' {@code RequestTimer} when given ({@link
 *       Builder#timing}), tagged with {@link Builder#routeTemplate} (default: the servlet
 *       mapping's pattern, never the raw path); else a plain request id.
 * </ul>
 */
public final class JanuaFilterConfig {
  private final List<String> includePaths;
  private final List<String> excludePaths;
  private final boolean allowAnonymous;
  private final @Nullable RateLimitCategory rateLimitCategory;
  private final boolean mapExceptions;
  private final Function<HttpServletRequest, String> routeTemplate;
  private final FilterTiming timing;
  private final PathRules rules;

  private JanuaFilterConfig(Builder b) {
    this.includePaths = List.copyOf(b.includePaths);
    this.excludePaths = List.copyOf(b.excludePaths);
    this.allowAnonymous = b.allowAnonymous;
    this.rateLimitCategory = b.rateLimitCategory;
    this.mapExceptions = b.mapExceptions;
    this.routeTemplate = b.routeTemplate;
    this.timing = b.timing;
    this.rules = PathRules.of(includePaths, excludePaths);
  }

  /** Every default: all paths, refuse without a token, user-operations limit, plain request ids. */
  public static JanuaFilterConfig defaults() {
    return builder().build();
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.includePaths = new ArrayList<>(includePaths);
    b.excludePaths = new ArrayList<>(excludePaths);
    b.allowAnonymous = allowAnonymous;
    b.rateLimitCategory = rateLimitCategory;
    b.mapExceptions = mapExceptions;
    b.routeTemplate = routeTemplate;
    b.timing = timing;
    return b;
  }

  /** The path prefixes the filter covers, normalized (no trailing {@code /}). */
  public List<String> includePaths() {
    return includePaths;
  }

  /** The path prefixes inside the included ones that it leaves alone, normalized. */
  public List<String> excludePaths() {
    return excludePaths;
  }

  /** Whether a covered request without credentials passes on anonymously (else: 401). */
  public boolean allowAnonymous() {
    return allowAnonymous;
  }

  /** The category covered requests are limited in, or empty when the filter does not limit. */
  public Optional<RateLimitCategory> rateLimitCategory() {
    return Optional.ofNullable(rateLimitCategory);
  }

  /** Whether exceptions thrown behind the filter are answered in the error shape. */
  public boolean mapExceptions() {
    return mapExceptions;
  }

  /** How requests are timed. */
  public FilterTiming timing() {
    return timing;
  }

  /**
   * Whether the filter authenticates and rate-limits a path.
   *
   * @param path the path within the application (servlet path plus path info)
   */
  public boolean covers(String path) {
    return rules.covers(path);
  }

  String routeTemplate(HttpServletRequest request) {
    return routeTemplate.apply(request);
  }

  @Override
  public String toString() {
    return "JanuaFilterConfig[include=" + includePaths + ", exclude=" + excludePaths
        + ", allowAnonymous=" + allowAnonymous + ", rateLimitCategory=" + rateLimitCategory
        + ", mapExceptions=" + mapExceptions + ", timing=" + timing + "]";
  }

  /**
   * The route template of a request by default: the pattern of the servlet mapping that matched
   * it ({@code /api/v1/auth/*}, {@code /orders}, {@code /} for the default servlet), so that
   * metrics never carry a raw path.
   *
   * @param request the request
   */
  public static String mappingPattern(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    String pattern = mapping == null ? null : mapping.getPattern();
    return pattern == null || pattern.isEmpty() ? "/" : pattern;
  }

  /**
   * Settings of a {@link JanuaFilterConfig}. Each setter checks its argument at once; {@link
   * #build()} can be called again.
   */
  public static final class Builder {
    private List<String> includePaths = new ArrayList<>(List.of("/"));
    private List<String> excludePaths = new ArrayList<>();
    private boolean allowAnonymous;
    private @Nullable RateLimitCategory rateLimitCategory = RateLimitCategory.USER_OPERATIONS;
    private boolean mapExceptions = true;
    private Function<HttpServletRequest, String> routeTemplate = JanuaFilterConfig::mappingPattern;
    private FilterTiming timing = FilterTiming.plain();

    private Builder() {}

    /**
     * The path prefixes the filter covers (default {@code /}: every path). Replaces the list.
     *
     * @param prefixes paths such as {@code /api}; each starts with {@code /}, without wildcards
     * @throws IllegalArgumentException naming {@code includePaths} when one is not a path prefix
     * @throws NullPointerException     when one is null
     */
    public Builder includePaths(String... prefixes) {
      this.includePaths = checked(prefixes, "includePaths");
      return this;
    }

    /**
     * The path prefixes the filter leaves alone (default none), such as the public auth routes
     * {@code /api/v1/auth/signup}, {@code /api/v1/auth/signin}, {@code /api/v1/auth/refresh} and
     * {@code /health}. Replaces the list. A longer included prefix inside an excluded one is
     * covered again.
     *
     * @throws IllegalArgumentException naming {@code excludePaths} when one is not a path prefix
     * @throws NullPointerException     when one is null
     */
    public Builder excludePaths(String... prefixes) {
      this.excludePaths = checked(prefixes, "excludePaths");
      return this;
    }

    /**
     * Whether a covered request without credentials passes on anonymously (default {@code
     * false}: it is refused with 401 {@code unauthorized} and {@code WWW-Authenticate: Bearer}).
     */
    public Builder allowAnonymous(boolean allow) {
      this.allowAnonymous = allow;
      return this;
    }

    /**
     * The category covered requests are limited in (default {@link
     * RateLimitCategory#USER_OPERATIONS}, 60/min and 1000/h per client IP).
     *
     * @throws NullPointerException when {@code category} is null; use {@link #noRateLimit()}
     */
    public Builder rateLimitCategory(RateLimitCategory category) {
      this.rateLimitCategory = Objects.requireNonNull(category, "rateLimitCategory");
      return this;
    }

    /** The filter does not rate-limit (the engine still limits signup, signin and refresh). */
    public Builder noRateLimit() {
      this.rateLimitCategory = null;
      return this;
    }

    /**
     * Whether exceptions thrown by the application behind the filter are answered in the error
     * shape (default {@code true}): a {@code JanuaException} with its status and code, anything
     * else as a logged, generic {@code 500 internal_error}. Off, they reach the container.
     */
    public Builder mapExceptions(boolean map) {
      this.mapExceptions = map;
      return this;
    }

    /**
     * How requests are timed (default {@link FilterTiming#plain()}: {@code X-Request-ID} and
     * {@code X-Response-Time}, nothing recorded). With janua-metrics, {@code
     * FilterTiming.of(micrometerPlugin.requestTimer())} also records the request metrics by route
     * template and feeds the slow-request log.
     *
     * @throws NullPointerException when {@code timing} is null
     */
    public Builder timing(FilterTiming timing) {
      this.timing = Objects.requireNonNull(timing, "timing");
      return this;
    }

    /**
     * How a request's route template is found, for the metrics (default {@link
     * #mappingPattern}). Return a template such as {@code /orders/{id}}, never the raw path.
     *
     * @throws NullPointerException when {@code template} is null
     */
    public Builder routeTemplate(Function<HttpServletRequest, String> template) {
      this.routeTemplate = Objects.requireNonNull(template, "routeTemplate");
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when a prefix is both included and excluded
     */
    public JanuaFilterConfig build() {
      return new JanuaFilterConfig(this);
    }

    private static List<String> checked(String[] prefixes, String setting) {
      Objects.requireNonNull(prefixes, setting);
      List<String> out = new ArrayList<>();
      for (String p : Arrays.asList(prefixes)) {
        out.add(PathRules.normalize(Objects.requireNonNull(p, setting), setting));
      }
      return out;
    }
  }

  /** Init parameter: comma-separated path prefixes the filter covers. */
  static final String INCLUDE_PATHS = "include-paths";
  /** Init parameter: comma-separated path prefixes it leaves alone. */
  static final String EXCLUDE_PATHS = "exclude-paths";
  /** Init parameter: {@code true} or {@code false}. */
  static final String ALLOW_ANONYMOUS = "allow-anonymous";
  /** Init parameter: a category code or {@code none}. */
  static final String RATE_LIMIT_CATEGORY = "rate-limit-category";
  /** Init parameter: {@code true} or {@code false}. */
  static final String MAP_EXCEPTIONS = "map-exceptions";

  /**
   * Settings from a filter's init parameters ({@code web.xml}, {@code @WebInitParam}); an absent
   * parameter keeps its default.
   *
   * @param parameter    the init parameter of a name, or null when absent
   * @param requestTimer the servlet-context attribute {@link JanuaAttributes#REQUEST_TIMER}, or null
   * @throws IllegalArgumentException naming the parameter whose value is not acceptable
   */
  static JanuaFilterConfig fromInitParameters(Function<String, @Nullable String> parameter,
      @Nullable Object requestTimer) {
    Builder b = builder();
    if (requestTimer != null) {
      b.timing(FilterTiming.fromAttribute(requestTimer));
    }
    apply(parameter, INCLUDE_PATHS, v -> b.includePaths(list(v)));
    apply(parameter, EXCLUDE_PATHS, v -> b.excludePaths(list(v)));
    apply(parameter, ALLOW_ANONYMOUS, v -> b.allowAnonymous(bool(v)));
    apply(parameter, RATE_LIMIT_CATEGORY, v -> {
      RateLimitCategory c = category(v);
      if (c == null) {
        b.noRateLimit();
      } else {
        b.rateLimitCategory(c);
      }
    });
    apply(parameter, MAP_EXCEPTIONS, v -> b.mapExceptions(bool(v)));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("init parameters " + INCLUDE_PATHS + " and "
          + EXCLUDE_PATHS + ": " + e.getMessage(), e);
    }
  }

  private static void apply(Function<String, @Nullable String> parameter, String name,
      Consumer<String> setter) {
    String value = parameter.apply(name);
    if (value != null) {
      try {
        setter.accept(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("init parameter " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private static String[] list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

  private static boolean bool(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new IllegalArgumentException("'" + value + "' is not true or false");
  }

  /**
   * Reads a category code ({@code user_operations}) or {@code none}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  private static @Nullable RateLimitCategory category(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("none")) {
      return null;
    }
    for (RateLimitCategory c : RateLimitCategory.values()) {
      if (c.code().equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not a rate-limit category;"
        + " use none or one of " + Arrays.stream(RateLimitCategory.values())
            .map(RateLimitCategory::code).toList());
  }
}
