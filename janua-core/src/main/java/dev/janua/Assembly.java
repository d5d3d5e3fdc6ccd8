package dev.janua;

import dev.janua.internal.GuardedMetrics;
import dev.janua.memory.InMemoryRateLimitStore;
import dev.janua.memory.InMemoryStore;
import dev.janua.spi.HealthCheck;
import dev.janua.spi.JanuaPlugin;
import dev.janua.spi.MetricsRecorder;
import dev.janua.spi.Notifier;
import dev.janua.spi.PluginContext;
import dev.janua.spi.RateLimitStore;
import dev.janua.spi.Store;
import dev.janua.spi.WebAuthnCeremony;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one engine, put together from the builder and its plugins, and the resources the
 * engine owns: the {@link PluginContext} plugins see during {@code build()}.
 */
final class Assembly implements PluginContext {
  private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

  final JanuaConfig config;
  final Clock clock;
  final @Nullable KeyRing keyRing;
  Store store;
  RateLimitStore rateLimitStore;
  MetricsRecorder metrics;
  boolean persistentKeys;
  final List<HealthCheck> healthChecks;

  private @Nullable Store pluginStore;
  private @Nullable RateLimitStore pluginLimiter;
  private @Nullable MetricsRecorder pluginMetrics;
  private @Nullable Notifier pluginNotifier;
  @Nullable Notifier notifier;
  final DeliveryPolicy deliveryPolicy;
  @Nullable WebAuthnCeremony webAuthn;
  private final List<UnaryOperator<Store>> decorators = new ArrayList<>();
  private final List<Runnable> assembledSteps = new ArrayList<>();
  private final Map<Class<?>, List<Object>> components = new LinkedHashMap<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private boolean building = true;

  private Assembly(AuthEngineBuilder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.keyRing = b.keyRing;
    this.persistentKeys = b.persistentKeys;
    this.healthChecks = new ArrayList<>(b.healthChecks);
    this.deliveryPolicy = b.deliveryPolicy;
  }

  static Assembly of(AuthEngineBuilder b) {
    Assembly a = new Assembly(b);
    try {
      for (JanuaPlugin plugin : List.copyOf(b.plugins)) {
        plugin.install(a);
      }
      Store base = b.store != null ? b.store : a.pluginStore != null ? a.pluginStore : new InMemoryStore();
      for (UnaryOperator<Store> d : a.decorators) {
        base = Objects.requireNonNull(d.apply(base), "a store decorator returned null");
      }
      a.store = base;
      a.rateLimitStore = b.rateLimitStore != null ? b.rateLimitStore
          : a.pluginLimiter != null ? a.pluginLimiter : new InMemoryRateLimitStore();
      MetricsRecorder m = b.metrics != null ? b.metrics
          : a.pluginMetrics != null ? a.pluginMetrics : MetricsRecorder.noop();
      a.metrics = GuardedMetrics.guard(m);
      a.notifier = b.notifier != null ? b.notifier : a.pluginNotifier;
      a.webAuthn = b.webAuthn != null ? b.webAuthn
          : a.find(WebAuthnCeremony.class).orElse(null);
      a.assembledSteps.forEach(Runnable::run);
      a.building = false;
      return a;
    } catch (RuntimeException | Error e) {
      a.closeAll();
      throw e;
    }
  }

  @Override
  public JanuaConfig config() {
    return config;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void store(Store s) {
    requireBuilding();
    if (pluginStore != null) {
      throw new IllegalStateException("two plugins set the store");
    }
    pluginStore = Objects.requireNonNull(s, "store");
  }

  @Override
  public void decorateStore(UnaryOperator<Store> decorator) {
    requireBuilding();
    decorators.add(Objects.requireNonNull(decorator, "decorator"));
  }

  @Override
  public void rateLimitStore(RateLimitStore s) {
    requireBuilding();
    if (pluginLimiter != null) {
      throw new IllegalStateException("two plugins set the rate-limit store");
    }
    pluginLimiter = Objects.requireNonNull(s, "rateLimitStore");
  }

  @Override
  public void metrics(MetricsRecorder m) {
    requireBuilding();
    if (pluginMetrics != null) {
      throw new IllegalStateException("two plugins set the metrics recorder");
    }
    pluginMetrics = Objects.requireNonNull(m, "metrics");
  }

  @Override
  public void notifier(Notifier n) {
    requireBuilding();
    if (pluginNotifier != null) {
      throw new IllegalStateException("two plugins set the notifier");
    }
    pluginNotifier = Objects.requireNonNull(n, "notifier");
  }

  @Override
  public void healthCheck(HealthCheck check) {
    requireBuilding();
    healthChecks.add(Objects.requireNonNull(check, "check"));
  }

  @Override
  public void persistentKeys() {
    requireBuilding();
    persistentKeys = true;
  }

  @Override
  public <T> void provide(Class<T> type, T component) {
    requireBuilding();
    components.computeIfAbsent(type, k -> new ArrayList<>()).add(type.cast(component));
  }

  @Override
  public <T> List<T> findAll(Class<T> type) {
    return components.getOrDefault(type, List.of()).stream().map(type::cast).toList();
  }

  @Override
  public void whenAssembled(Runnable step) {
    requireBuilding();
    assembledSteps.add(Objects.requireNonNull(step, "step"));
  }

  @Override
  public <C extends AutoCloseable> C closeOnShutdown(C resource) {
    requireBuilding();
    closeables.push(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /** Also used by the engine for what it opens itself. */
  void own(AutoCloseable resource) {
    closeables.push(resource);
  }

  /** Closes everything handed over, last first; a failure is logged and the rest still closed. */
  void closeAll() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", c.getClass().getName(), e.toString());
      }
    }
  }

  private void requireBuilding() {
    if (!building) {
      throw new IllegalStateException("plugins contribute only while the engine is built");
    }
  }
}
