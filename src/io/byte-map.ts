/**
 * A hash map from byte strings to dense integers (0, 1, 2, ... in insertion order), looked up
 * straight from a field's bytes, so that reading ten million charge rows creates no strings.
 *
 * Open addressing with linear probing over an Int32Array of slots; keys are copied into one
 * growing byte arena; the hash is 32-bit FNV-1a. Surrounding spaces and tabs are not part of
 * the key (person ids are compared trimmed, as the rest of the reader does).
 *
 * @example
 * const m = new ByteMap();
 * m.add(Buffer.from('007'), 0, 3);          // 0
 * m.get(Buffer.from(' 007 '), 0, 5);        // 0
 * m.get(Buffer.from('7'), 0, 1);            // -1: leading zeros matter
 */
/** A ByteMap's keys as plain arrays (to send between threads). */
export interface ByteMapData {
  arena: Uint8Array;
  keyStart: Int32Array;
  keyEnd: Int32Array;
  size: number;
}

export class ByteMap {
  private arena: Uint8Array;
  private used = 0;
  private keyStart: Int32Array;
  private keyEnd: Int32Array;
  private keyHash: Int32Array;
  private slots: Int32Array; // entry + 1, 0 = empty
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.keyStart = new Int32Array(Math.max(16, expected));
    this.keyEnd = new Int32Array(Math.max(16, expected));
    this.keyHash = new Int32Array(Math.max(16, expected));
    this.arena = new Uint8Array(Math.max(256, expected * 12));
  }

  private static hash(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }

  private find(b: Uint8Array, s: number, e: number, h: number): number {
    const { slots, mask, arena, keyStart, keyEnd } = this;
    const len = e - s;
    let i = h & mask;
    for (;;) {
      const v = slots[i];
      if (v === 0) return -(i + 1); // empty slot: not found, insert here
      const k = v - 1;
      const ks = keyStart[k];
      if (keyEnd[k] - ks === len) {
        let j = 0;
        while (j < len && arena[ks + j] === b[s + j]) j++;
        if (j === len) return k;
      }
      i = (i + 1) & mask;
    }
  }

  /** Entry number of the key, or -1. */
  get(b: Uint8Array, s: number, e: number): number {
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
    const r = this.find(b, s, e, ByteMap.hash(b, s, e));
    return r >= 0 ? r : -1;
  }

  /** Entry number of the key, adding it when new. */
  add(b: Uint8Array, s: number, e: number): number {
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
    const h = ByteMap.hash(b, s, e);
    const r = this.find(b, s, e, h);
    if (r >= 0) return r;
    const k = this.size++;
    if (k === this.keyStart.length) {
      const grow = (a: Int32Array) => {
        const g = new Int32Array(k * 2);
        g.set(a);
        return g;
      };
      this.keyStart = grow(this.keyStart);
      this.keyEnd = grow(this.keyEnd);
      this.keyHash = grow(this.keyHash);
    }
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    const arena = this.arena;
    const at = this.used;
    for (let j = 0; j < len; j++) arena[at + j] = b[s + j];
    this.keyStart[k] = at;
    this.keyEnd[k] = at + len;
    this.keyHash[k] = h;
    this.used += len;
    this.slots[-r - 1] = k + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return k;
  }

  /** Add a string key (UTF-8). */
  addString(key: string): number {
    const b = Buffer.from(key, 'utf8');
    return this.add(b, 0, b.length);
  }

  getString(key: string): number {
    const b = Buffer.from(key, 'utf8');
    return this.get(b, 0, b.length);
  }

  /** The key of entry k, decoded as UTF-8. */
  key(k: number): string {
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + this.keyStart[k], this.keyEnd[k] - this.keyStart[k]).toString('utf8');
  }

  /** The keys, for another thread to look up (`get(arena, keyStart[k], keyEnd[k])`). */
  export(): ByteMapData {
    return { arena: this.arena.slice(0, this.used), keyStart: this.keyStart.slice(0, this.size), keyEnd: this.keyEnd.slice(0, this.size), size: this.size };
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let k = 0; k < this.size; k++) {
      let i = this.keyHash[k] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
