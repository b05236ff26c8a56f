interface Slot<V> {
  value: V;
  /** Read since the eviction scan last passed it. */
  referenced: boolean;
}

/**
 * A Map that keeps at most `capacity` entries. Eviction is second chance (CLOCK): a hit only
 * marks its entry, and the scan for a victim moves marked entries to the back once, unmarked.
 * A hit therefore costs one lookup and never reorders the map, while entries in use survive.
 */
export class BoundedCache<K, V> {
  private readonly slots = new Map<K, Slot<V>>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new TypeError('capacity must be a non-negative integer');
    }
  }

  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      return undefined;
    }
    slot.referenced = true;
    return slot.value;
  }

  set(key: K, value: V): void {
    if (this.capacity === 0) {
      return;
    }
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      slot.value = value;
      slot.referenced = true;
      return;
    }
    this.slots.set(key, { value, referenced: false });
    if (this.slots.size > this.capacity) {
      this.evictOne();
    }
  }

  delete(key: K): void {
    this.slots.delete(key);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Ends after one pass at most: every entry it moves to the back is unmarked by then. */
  private evictOne(): void {
    for (const [key, slot] of this.slots) {
      this.slots.delete(key);
      if (!slot.referenced) {
        return;
      }
      slot.referenced = false;
      this.slots.set(key, slot);
    }
  }
}
