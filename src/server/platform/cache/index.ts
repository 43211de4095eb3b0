/**
 * A cache of serialised responses for reads that look the same to everyone (anonymous
 * visitors). Entries carry tags; a write invalidates the tags it touches, and a short TTL
 * bounds staleness for changes that raise no event. This implementation lives in one
 * process; the interface is what a shared (Redis) cache would implement for several.
 */
export interface ResponseCache<V = string> {
  get(key: string): V | undefined;
  /** Stores a value computed from a read that began at `since` (see epoch()); a value read
   * before a later invalidation is dropped instead of stored, so no stale entry can outlive it. */
  set(key: string, value: V, tags: string[], since: number): void;
  invalidate(tags: string[]): void;
  /** A counter that moves on every invalidation; take it before reading the database. */
  epoch(): number;
}

interface Entry<V> {
  value: V;
  tags: string[];
  expires: number;
  bytes: number;
}

export interface MemoryCacheOptions<V> {
  ttlMs?: number;
  maxEntries?: number;
  /** With sizeOf: the most the values may take together; the oldest go first. A crawler
   * paging through every list would otherwise fill maxEntries with pages of 15-50 KB each. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
}

export class MemoryResponseCache<V = string> implements ResponseCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private counter = 0;
  private bytes = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: V) => number;

  constructor(options: MemoryCacheOptions<V> = {}) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? Infinity;
    this.sizeOf = options.sizeOf ?? (() => 0);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.drop(key);
      return undefined;
    }
    // Last in the Map's order again: the least recently used entry is the first to go.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, tags: string[], since: number): void {
    if (since !== this.counter) return;
    this.drop(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    // Least recently used first (get moves an entry to the end of the Map's order).
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.bytes + bytes > this.maxBytes)) {
      this.drop(this.entries.keys().next().value!);
    }
    this.bytes += bytes;
    this.entries.set(key, { value, tags, expires: Date.now() + this.ttlMs, bytes });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, keys = new Set());
      keys.add(key);
    }
  }

  invalidate(tags: string[]): void {
    this.counter++;
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      this.byTag.delete(tag);
      for (const key of keys) this.drop(key);
    }
  }

  epoch(): number {
    return this.counter;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      // Tags may be per item (a post's id): one no entry carries any more is forgotten.
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
