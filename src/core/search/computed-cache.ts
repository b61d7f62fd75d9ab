import { LRUCache } from "lru-cache";

/**
 * Values computed by key, least recently used first out: a repeated request is answered from memory, and identical
 * requests arriving together share one computation. Failures are never cached, so the next request tries again.
 */
export interface ComputedCache<T> {
  /** The cached value for `key`, else the one `compute` resolves to (kept unless the cache's `keep` refuses it). */
  get(key: string, compute: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function createComputedCache<T>(options: {
  /** Entries kept; 0 computes every time (identical requests in flight still share one computation). */
  max: number;
  /** Milliseconds an entry is served for; none: until it is evicted. */
  ttlMs?: number;
  /** Whether a value may be cached; default: all. */
  keep?: (value: T) => boolean;
  /** Told whether each request was answered from the cache. */
  counted?: (hit: boolean) => void;
}): ComputedCache<T> {
  const { keep = () => true, counted } = options;
  // Boxed: lru-cache stores no null or undefined.
  const entries =
    options.max > 0 ? new LRUCache<string, { value: T }>({ max: options.max, ttl: options.ttlMs ?? 0 }) : null;
  const pending = new Map<string, Promise<T>>();
  return {
    get size() {
      return entries?.size ?? 0;
    },
    get(key, compute) {
      const cached = entries?.get(key);
      counted?.(cached !== undefined);
      if (cached) return Promise.resolve(cached.value);
      const running = pending.get(key);
      if (running) return running;
      const computing = compute().finally(() => pending.delete(key));
      pending.set(key, computing);
      computing.then((value) => keep(value) && entries?.set(key, { value })).catch(() => {});
      return computing;
    },
  };
}
