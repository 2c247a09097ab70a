// Values made once per key and shared while they last. A failure is not a value: a rejected
// promise is forgotten as it settles, so the next use tries again instead of repeating the
// same error until something else clears the cache.

export class PromiseCache<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  /** The value under `key`, made by `make` when there is none (or the last attempt failed). */
  get(key: K, make: () => Promise<V>): Promise<V> {
    let entry = this.entries.get(key);
    if (!entry) {
      const made = make();
      entry = made;
      this.entries.set(key, made);
      made.catch(() => {
        if (this.entries.get(key) === made) this.entries.delete(key);
      });
    }
    return entry;
  }

  /** The entries made so far, settled or not. */
  values(): Promise<V>[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
