/**
 * Rows as read, before indexing: columns of Int32 in blocks of 2^20 rows, so a file of any
 * length is staged without guessing its size, over-allocating, or copying on growth.
 */
export const BLOCK_BITS = 20;
export const BLOCK = 1 << BLOCK_BITS;

export interface StageBlock {
  /** cohort index, -1 for a person outside the cohort */
  person: Int32Array;
  /** charge_date | custody_start */
  a: Int32Array;
  /** offence_date (NO_DATE) | custody_end (OPEN_END) */
  b: Int32Array;
  /** offence code index, -1 when empty */
  code: Int32Array;
  /** interned index of the other columns' values (exact duplicates compare exactly) */
  rest: Int32Array;
  /** line number in the file */
  line: Int32Array;
}

/** Staged rows as plain data: blocks and the rows each holds (what crosses threads). */
export interface StageView {
  blocks: StageBlock[];
  rows: number[];
}

export class Stage {
  readonly blocks: StageBlock[];
  n = 0;
  /** The block being filled and the next row in it: readers write `cur` directly. */
  cur: StageBlock;
  k = 0;

  constructor() {
    // The first block starts small (most extracts are small) and is widened once.
    this.cur = newBlock(1 << 16);
    this.blocks = [this.cur];
  }

  /** Make room: call when `k === cur.person.length`. */
  grow(): void {
    if (this.blocks.length === 1 && this.cur.person.length < BLOCK) {
      const old = this.cur;
      const wide = newBlock(BLOCK);
      for (const key of Object.keys(old) as (keyof StageBlock)[]) wide[key].set(old[key]);
      this.blocks[0] = wide;
      this.cur = wide;
      return;
    }
    this.cur = newBlock(BLOCK);
    this.blocks.push(this.cur);
    this.k = 0;
  }

  /** Append one row (for small inputs and tests; readers write `cur` directly). */
  push(person: number, a: number, b: number, code: number, rest: number, line: number): void {
    if (this.k === this.cur.person.length) this.grow();
    const c = this.cur;
    const k = this.k++;
    c.person[k] = person;
    c.a[k] = a;
    c.b[k] = b;
    c.code[k] = code;
    c.rest[k] = rest;
    c.line[k] = line;
    this.n++;
  }

  view(): StageView {
    return { blocks: this.blocks, rows: this.blocks.map((_, j) => this.rowsIn(j)) };
  }

  /** Rows held by block `j` (every block but the last is full). */
  rowsIn(j: number): number {
    return j === this.blocks.length - 1 ? this.k : this.blocks[j].person.length;
  }
}

function newBlock(size: number): StageBlock {
  return {
    person: new Int32Array(size),
    a: new Int32Array(size),
    b: new Int32Array(size),
    code: new Int32Array(size),
    rest: new Int32Array(size),
    line: new Int32Array(size),
  };
}
