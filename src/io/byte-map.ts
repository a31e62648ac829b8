/**
 * A hash map from byte strings to dense integers (0, 1, 2, ... in insertion order), looked up
 * straight from a field's bytes, so that reading ten million charge rows creates no strings.
 *
 * Open addressing with linear probing; keys are copied into one growing byte arena; the hash is
 * 32-bit FNV-1a. Surrounding spaces and tabs are not part of the key (person ids are compared
 * trimmed, as the rest of the reader does).
 *
 * **Short keys live in their slot.** A slot is four Int32s: entry + 1, the hash, and the key's
 * bytes packed into two words when the key has 1 to 8 bytes and no NUL byte (then the zero-padded
 * words determine the key, length included); longer keys pack as (0, 0) and are compared in the
 * arena. So looking up a typical person id touches one cache line, which matters when an extract
 * is in charge-date order and consecutive rows name scattered people (each look-up a cache miss).
 *
 * @example
 * const m = new ByteMap();
 * m.add(Buffer.from('007'), 0, 3);          // 0
 * m.get(Buffer.from(' 007 '), 0, 5);        // 0
 * m.get(Buffer.from('7'), 0, 1);            // -1 — not found: leading zeros matter
 */
/** A ByteMap's keys as plain arrays (to send between threads). */
export interface ByteMapData {
  arena: Uint8Array;
  keyStart: Int32Array;
  keyEnd: Int32Array;
  size: number;
}

/**
 * A ByteMap's table itself, for a look-up in another thread without a copy: built with
 * `{ shared: true }`, its arrays are views of SharedArrayBuffers (`table()`, `ByteMap.over()`).
 */
export interface ByteMapTable extends ByteMapData {
  slots: Int32Array;
  mask: number;
}

/** Scratch for pack(): two words, so no allocation per look-up. */
const PACKED = new Int32Array(2);

export class ByteMap {
  private arena: Uint8Array;
  private used = 0;
  private keyStart: Int32Array;
  private keyEnd: Int32Array;
  /** [entry + 1 (0 = empty), hash, w0, w1] per slot; see the module comment. */
  private slots: Int32Array;
  /** number of slots - 1 */
  private mask: number;
  size = 0;
  /** Allocate in SharedArrayBuffers (a map other threads will look up in). */
  private readonly shared: boolean;

  constructor(expected = 1024, opts: { shared?: boolean } = {}) {
    this.shared = opts.shared ?? false;
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = this.ints(cap * 4);
    this.mask = cap - 1;
    this.keyStart = this.ints(Math.max(16, expected));
    this.keyEnd = this.ints(Math.max(16, expected));
    this.arena = this.bytes(Math.max(256, expected * 12));
  }

  private ints(n: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
  }

  private bytes(n: number): Uint8Array {
    return this.shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
  }

  /**
   * The live table, to send to another thread: without a copy when the map is shared (the
   * receiver must not look up while this thread still adds).
   */
  table(): ByteMapTable {
    return { slots: this.slots, mask: this.mask, arena: this.arena, keyStart: this.keyStart, keyEnd: this.keyEnd, size: this.size };
  }

  /** A map over a table from `table()`, for look-ups (`get`) only. */
  static over(t: ByteMapTable): ByteMap {
    const m = new ByteMap(1);
    m.slots = t.slots;
    m.mask = t.mask;
    m.arena = t.arena;
    m.keyStart = t.keyStart;
    m.keyEnd = t.keyEnd;
    m.size = t.size;
    m.used = t.size > 0 ? t.keyEnd[t.size - 1] : 0;
    return m;
  }

  private static hash(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }

  /**
   * The key's bytes packed into two words (w0 = bytes 0-3, w1 = bytes 4-7, zero-padded), or
   * w0 = 0 when the key cannot live in its slot (empty, longer than 8 bytes, or holding a NUL).
   */
  private static pack(b: Uint8Array, s: number, e: number): void {
    const len = e - s;
    PACKED[0] = 0;
    PACKED[1] = 0;
    if (len === 0 || len > 8) return;
    let w0 = 0;
    let w1 = 0;
    for (let i = 0; i < len; i++) {
      const c = b[s + i];
      if (c === 0) return;
      if (i < 4) w0 |= c << (8 * i);
      else w1 |= c << (8 * (i - 4));
    }
    PACKED[0] = w0;
    PACKED[1] = w1;
  }

  /** Entry of the key, or -(slot + 1) of the empty slot where it would go. */
  private find(b: Uint8Array, s: number, e: number, h: number, w0: number, w1: number): number {
    const { slots, mask } = this;
    const hs = h | 0;
    let i = h & mask;
    if (w0 !== 0) {
      for (;;) {
        const at = i << 2;
        const v = slots[at];
        if (v === 0) return -(i + 1);
        if (slots[at + 1] === hs && slots[at + 2] === w0 && slots[at + 3] === w1) return v - 1;
        i = (i + 1) & mask;
      }
    }
    const { arena, keyStart, keyEnd } = this;
    const len = e - s;
    for (;;) {
      const at = i << 2;
      const v = slots[at];
      if (v === 0) return -(i + 1);
      if (slots[at + 1] === hs && slots[at + 2] === 0) {
        const k = v - 1;
        const ks = keyStart[k];
        if (keyEnd[k] - ks === len) {
          let j = 0;
          while (j < len && arena[ks + j] === b[s + j]) j++;
          if (j === len) return k;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** Entry number of the key, or -1. */
  get(b: Uint8Array, s: number, e: number): number {
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
    ByteMap.pack(b, s, e);
    const r = this.find(b, s, e, ByteMap.hash(b, s, e), PACKED[0], PACKED[1]);
    return r >= 0 ? r : -1;
  }

  /** Entry number of the key, adding it when new. */
  add(b: Uint8Array, s: number, e: number): number {
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
    const h = ByteMap.hash(b, s, e);
    ByteMap.pack(b, s, e);
    const w0 = PACKED[0];
    const w1 = PACKED[1];
    const r = this.find(b, s, e, h, w0, w1);
    if (r >= 0) return r;
    const k = this.size++;
    if (k === this.keyStart.length) {
      const grow = (a: Int32Array) => {
        const g = this.ints(k * 2);
        g.set(a);
        return g;
      };
      this.keyStart = grow(this.keyStart);
      this.keyEnd = grow(this.keyEnd);
    }
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const a = this.bytes(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    const arena = this.arena;
    const at = this.used;
    for (let j = 0; j < len; j++) arena[at + j] = b[s + j];
    this.keyStart[k] = at;
    this.keyEnd[k] = at + len;
    this.used += len;
    const slot = (-r - 1) << 2;
    this.slots[slot] = k + 1;
    this.slots[slot + 1] = h | 0;
    this.slots[slot + 2] = w0;
    this.slots[slot + 3] = w1;
    if (this.size * 2 > this.mask + 1) this.rehash();
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
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = this.ints(cap * 4);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let i = old[at + 1] & mask;
      while (slots[i << 2] !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(at, at + 4), i << 2);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
