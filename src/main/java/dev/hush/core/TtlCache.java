package dev.hush.core;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One value per key, loaded again once it is older than its time to live. For answers the paging
 * path asks thousands of times a second (who is on call, a person's contact methods): a change made
 * elsewhere shows within the time to live, one made on this node at once ({@link #invalidate}).
 */
public final class TtlCache<K, V> {
  private record Entry<V>(long at, V value) {}

  private final Clock clock;
  private final long ttlMillis;
  private final Function<K, V> loader;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  public TtlCache(Clock clock, long ttlMillis, Function<K, V> loader) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.loader = loader;
  }

  public V get(K key) {
    long now = clock.millis();
    Entry<V> e = entries.get(key);
    if (e == null || now - e.at() > ttlMillis || now < e.at()) {
      e = new Entry<>(now, loader.apply(key));
      entries.put(key, e);
    }
    return e.value();
  }

  public void invalidate(K key) {
    entries.remove(key);
  }

  public void clear() {
    entries.clear();
  }
}
