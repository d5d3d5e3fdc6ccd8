package dev.janua.servlet.internal;

import dev.janua.http.RequestIds;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Request ids and response times without janua-metrics: nothing is recorded. */
final class PlainTiming implements RequestTiming {
  static final PlainTiming INSTANCE = new PlainTiming();

  private PlainTiming() {}

  @Override
  public Timed start(String method, String routeTemplate, @Nullable String incomingRequestId) {
    String id = RequestIds.resolve(incomingRequestId);
    long start = System.nanoTime();
    AtomicReference<String> done = new AtomicReference<>();
    return new Timed() {
      @Override
      public String requestId() {
        return id;
      }

      @Override
      public String elapsed() {
        return RequestIds.formatResponseTime(System.nanoTime() - start);
      }

      @Override
      public String finish(int status, boolean threw) {
        done.compareAndSet(null, elapsed());
        return done.get();
      }
    };
  }
}
