package dev.janua.spi;

/**
 * A module that installs itself on an engine, in the manner of Jdbi's plugins: a store, a cache
 * tier, a shared rate limiter, metrics. Installed with {@code AuthEngine.builder().install(plugin)};
 * {@code build()} calls {@link #install} of every plugin once, in install order, and the engine then
 * owns (and on {@code close()} closes, in reverse order) every resource a plugin handed to
 * {@link PluginContext#closeOnShutdown}.
 *
 * <p>A plugin that needs what another one provides (the cache needs the Redis tier, metrics need
 * the cache's statistics) asks the context for it in {@link PluginContext#decorateStore} or
 * {@link PluginContext#whenAssembled}, which run after every plugin is installed, so the order of
 * {@code install} calls does not matter for that.
 */
@FunctionalInterface
public interface JanuaPlugin {

  /**
   * Contributes this plugin's parts.
   *
   * @throws dev.janua.JanuaConfigException when the plugin's configuration is unusable
   */
  void install(PluginContext context);
}
