package dev.janua.cache;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-process stand-in for a shared bus: {@link #endpoint()} gives each instance its own end;
 * a message published on one end reaches every other end, synchronously.
 */
final class InProcessBus {
  private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

  /** How many listeners are subscribed at every end together. */
  int listeners() {
    return endpoints.stream().mapToInt(e -> e.listeners.size()).sum();
  }

  InvalidationBus endpoint() {
    Endpoint e = new Endpoint();
    endpoints.add(e);
    return e;
  }

  private final class Endpoint implements InvalidationBus {
    private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Collection<String> keys, Collection<String> prefixes) {
      Invalidation message = new Invalidation(List.copyOf(keys), List.copyOf(prefixes));
      for (Endpoint other : endpoints) {
        if (other != this) {
          other.listeners.forEach(l -> l.accept(message));
        }
      }
    }

    @Override
    public void subscribe(Consumer<Invalidation> listener) {
      listeners.add(listener);
    }

    @Override
    public void unsubscribe(Consumer<Invalidation> listener) {
      listeners.remove(listener);
    }
  }
}
