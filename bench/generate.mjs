#!/usr/bin/env node
/**
 * Benchmark data at national scale, in the canonical format (ISO dates):
 *
 *   node bench/generate.mjs --people 1000000 --out bench/data/1m --seed 1 [--order random|person]
 *
 * Writes DIR/cohort.csv, DIR/charges.csv, DIR/custody.csv and DIR/desist.json (asOf 2025-06-30).
 * The same arguments give the same bytes. Node built-ins only; streams one person at a time
 * into ~1 MiB string chunks, so memory stays small whatever --people is.
 *
 * Shape, per the whole extract (not per cohort member):
 *   - cohort_start uniform over 2019-01-01 .. 2024-12-31; ~10% leave the cohort; groups
 *     treated/comparison (assignment mildly tied to priors and age).
 *   - ~10.7 charge rows per person, heavily skewed (gamma-Poisson with shape 0.35: most people
 *     0-5, a few with hundreds); incidents of 1-3 charges; charging lag mostly within 30 days,
 *     tail to 9 months; ~3% empty offence_date; charges from up to 4 years before the start.
 *   - ~2.1 custody episodes per person: remand from a charge day (days to weeks), sentences
 *     (months to years), recalls; some adjacent (end + 1 = next start), many overlapping,
 *     open-ended ones (empty custody_end) where still running at as-of.
 *   - ~4% of charge rows are exact duplicates of the row before; ~5% of charge and custody rows
 *     belong to people who are not in the cohort (ids interleaved with the cohort's).
 *
 * Row order (`--order`):
 *   - `random` (default): as police and court systems export, in record order rather than by
 *     person: cohort rows by cohort_start, charges by charge_date, custody by custody_start, and
 *     person ids scattered (a fixed permutation of the person number, so ids are not ascending
 *     and one person's rows are spread over the whole file). Rows of one day keep their
 *     generation order. The random stream is the same as with `person`: the two orders hold
 *     the same people and events, only ids and row order differ.
 *   - `person`: every person's rows together, ids ascending (the layout of earlier benchmarks,
 *     which hid the cost of scattered id look-ups).
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const USAGE = `usage: node bench/generate.mjs [--people N] [--seed S] [--out DIR] [--order random|person]

  --people N   cohort size (default 1000000)
  --seed S     random seed, an integer (default 1)
  --out DIR    output folder (default bench/data/<N>)
  --order O    row order: random (by date, scattered ids; default) or person (grouped, ascending ids)`;

function parseArgs(argv) {
  const opts = { people: 1000000, seed: 1, out: null, order: 'random' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a === '--people') opts.people = Number(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--out') opts.out = value();
    else if (a === '--order') opts.order = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.people) || opts.people < 1) throw new Error('--people must be a positive integer');
  if (!Number.isInteger(opts.seed)) throw new Error('--seed must be an integer');
  if (!['random', 'person'].includes(opts.order)) throw new Error("--order must be 'random' or 'person'");
  opts.out ??= join('bench', 'data', String(opts.people));
  return opts;
}

// ---------------------------------------------------------------------------------------------
// xoshiro128**, seeded by splitmix32. Plain variables in a closure: this is the hot path.

function makeRng(seed) {
  let sm = seed >>> 0;
  const splitmix = () => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return function u() {
    const x = Math.imul(b, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r / 4294967296;
  };
}

const rng = { u: null };
const U = () => rng.u();
const expo = (mean) => -Math.log(1 - U()) * mean;
function normal() {
  const u1 = 1 - U();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * U());
}
function gamma(shape, scale) {
  if (shape < 1) return gamma(shape + 1, scale) * Math.pow(U(), 1 / shape);
  const dd = shape - 1 / 3;
  const cc = 1 / Math.sqrt(9 * dd);
  for (;;) {
    let x;
    let v;
    do {
      x = normal();
      v = 1 + cc * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(U()) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return dd * v * scale;
  }
}
function poisson(mean) {
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = U();
  while (p > l) {
    k++;
    p *= U();
  }
  return k;
}
const logistic = (x) => 1 / (1 + Math.exp(-x));

// ---------------------------------------------------------------------------------------------
// Days and their ISO strings (a lookup table: formatting dates is most of the work).

function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const AS_OF = daysFromCivil(2025, 6, 30);
const START_FROM = daysFromCivil(2019, 1, 1);
const START_TO = daysFromCivil(2024, 12, 31);
const HISTORY = 4 * 365 + 1; // charges go back up to 4 years before cohort_start
const TABLE_FROM = START_FROM - HISTORY - 400;
const ISO = [];
for (let y = 2013; y <= 2026; y++) {
  for (let m = 1; m <= 12; m++) {
    const dim = [31, y % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    for (let d = 1; d <= dim; d++) {
      const z = daysFromCivil(y, m, d);
      if (z >= TABLE_FROM) ISO[z - TABLE_FROM] = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    }
  }
}
const iso = (z) => ISO[z - TABLE_FROM];

// ---------------------------------------------------------------------------------------------
// Vocabularies. Codes are illustrative, in the style of Home Office offence codes.

const OFFENCES = [
  ['008/01', 'violence', 9],
  ['105/01', 'violence', 14],
  ['005/01', 'violence', 2],
  ['046/00', 'theft', 16],
  ['039/00', 'theft', 3],
  ['049/00', 'theft', 7],
  ['092/01', 'drugs', 6],
  ['092/02', 'drugs', 9],
  ['092/03', 'drugs', 2],
  ['125/50', 'public order', 7],
  ['137/00', 'public order', 5],
  ['058/01', 'criminal damage', 9],
  ['056/01', 'criminal damage', 1],
  ['028/01', 'burglary', 4],
  ['030/01', 'burglary', 3],
];
// Cumulative weights -> ",code,category," fragments, chosen by one uniform draw.
const OFF_CUM = [];
const OFF_TEXT = [];
{
  const total = OFFENCES.reduce((s, o) => s + o[2], 0);
  let acc = 0;
  for (const [code, , w] of OFFENCES) {
    acc += w / total;
    OFF_CUM.push(acc);
    OFF_TEXT.push(`,${code}`); // category kept in the table above, not written: the benchmark extract has the
    // four columns of the issue's reference run (547 MB at 1M people)
  }
  OFF_CUM[OFF_CUM.length - 1] = 1;
}
function offence() {
  const x = U();
  let i = 0;
  while (x >= OFF_CUM[i]) i++;
  return i;
}
const RISK = Array.from({ length: 1001 }, (_, i) => (i / 1000).toFixed(3));

// ---------------------------------------------------------------------------------------------
// Output: each file is a string buffer flushed in ~1 MiB writes, honouring backpressure.

const CHUNK = 1 << 20;

class Out {
  constructor(path, header) {
    this.path = path;
    this.stream = createWriteStream(path);
    this.buf = `${header}\n`;
    this.rows = 0;
    this.bytes = 0;
  }
  async flush() {
    const s = this.buf;
    this.buf = '';
    this.bytes += s.length; // ASCII only: characters = bytes
    if (!this.stream.write(s)) await once(this.stream, 'drain');
  }
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * Rows held back by day (random order): `add(day, text)` files rows under their day; `drain`
 * writes the days in order through an Out. A counting sort: linear in rows, whatever the order
 * they were generated in.
 */
class DayBuckets {
  constructor() {
    this.days = new Map();
  }
  add(day, text) {
    const k = day - TABLE_FROM;
    const prev = this.days.get(k);
    this.days.set(k, prev === undefined ? text : prev + text);
  }
  async drain(out) {
    for (const k of [...this.days.keys()].sort((a, b) => a - b)) {
      out.buf += this.days.get(k);
      this.days.delete(k);
      if (out.buf.length >= CHUNK) await out.flush();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Calibration: the mean number of unique charges for a cohort member is M_CHARGES, so that with
// the strangers' rows (5%) and duplicates (4%) the extract holds ~10.7 rows per person.

const STRANGER_SHARE = 0.05;
const DUP_SHARE = 0.04;
const ROWS_PER_PERSON = 10.7;
const M_CHARGES = ROWS_PER_PERSON * (1 - STRANGER_SHARE) * (1 - DUP_SHARE);
const P_STRANGER = STRANGER_SHARE / (1 - STRANGER_SHARE); // strangers per cohort member
const P_DUP = DUP_SHARE / (1 - DUP_SHARE); // duplicate after a row
const CUSTODY_PER_CHARGE = (2.1 * (1 - STRANGER_SHARE)) / (M_CHARGES + 0.25);
const FRAILTY_SHAPE = 0.35;
const TREATED_RATIO = 0.8; // treated people's charge rate after cohort_start

// Scratch space for one person's incidents (the most prolific have a few hundred).
let dayBuf = new Int32Array(4096);

/** One person's charges and custody (cohort member or stranger). Returns [charges, custody] rows written. */
function emitHistory(id, start, treated, z, charges, custody) {
  // Expected charge count over [start - HISTORY, AS_OF], split before/after the start.
  const pre = HISTORY;
  const post = AS_OF - start + 1;
  const perDay = (M_CHARGES * z) / (HISTORY + 1178); // 1178 ~ mean post length weighted for treatment
  const n = poisson(perDay * (pre + post * (treated ? TREATED_RATIO : 1)));
  if (n > dayBuf.length) dayBuf = new Int32Array(n * 2);
  const from = start - HISTORY;
  const postShare = (post * (treated ? TREATED_RATIO : 1)) / (pre + post * (treated ? TREATED_RATIO : 1));
  // Incident days (each incident 1-3 charges), sorted.
  let k = 0;
  while (k < n) {
    const size = Math.min(n - k, U() < 0.76 ? 1 : U() < 0.75 ? 2 : 3);
    const d = U() < postShare ? start + Math.floor(U() * post) : from + Math.floor(U() * pre);
    for (let j = 0; j < size; j++) dayBuf[k++] = d;
  }
  const days = dayBuf.subarray(0, n).sort();
  let written = 0;
  let buf = '';
  let lastDay = -1;
  let offDay = 0;
  let code1 = -1; // codes already used in this incident: an incident never repeats a code
  let code2 = -1;
  for (let i = 0; i < n; i++) {
    const c = days[i];
    if (c !== lastDay) {
      // A new incident: its charging lag (charge_date is c; the offence came first).
      const r = U();
      const lag = r < 0.3 ? 0 : r < 0.88 ? Math.min(30, Math.floor(expo(7))) : Math.min(270, 31 + Math.floor(expo(55)));
      offDay = Math.max(TABLE_FROM, c - lag);
      lastDay = c;
      code1 = -1;
      code2 = -1;
    }
    let code = offence();
    while (code === code1 || code === code2) code = offence();
    if (code1 < 0) code1 = code;
    else code2 = code;
    const age = AS_OF - c;
    const outcome = U() < Math.max(0.03, 1 - age / 200) ? 'pending' : U() < 0.72 ? 'convicted' : U() < 0.54 ? 'discontinued' : 'acquitted';
    void outcome; // drawn to keep the random stream stable; not written (see OFF_TEXT)
    let row = `${id},${iso(c)},${U() < 0.03 ? '' : iso(offDay)}${OFF_TEXT[code]}\n`;
    written++;
    if (U() < P_DUP) {
      row += row;
      written++;
    }
    if (charges.byDay) charges.byDay.add(c, row);
    else buf += row;
  }
  charges.buf += buf;
  charges.rows += written;

  // Custody: count tied to the number of charges; anchored on charge days.
  let m = poisson(Math.min(80, CUSTODY_PER_CHARGE * (n + 0.25 * z)));
  if (m === 0) return;
  const eps = [];
  let prevEnd = -1;
  while (m-- > 0) {
    const anchor = n > 0 ? days[Math.floor(U() * n)] : start + Math.floor(U() * post);
    const t = U();
    let s;
    let len;
    let type;
    if (prevEnd >= 0 && prevEnd < AS_OF && U() < 0.12) {
      s = prevEnd + 1; // straight on from the previous episode
      type = 'sentence';
      len = 14 + Math.floor(expo(150));
    } else if (t < 0.55) {
      s = anchor;
      type = 'remand';
      len = 1 + Math.min(180, Math.floor(expo(18)));
    } else if (t < 0.9) {
      s = anchor + 14 + Math.floor(expo(60));
      type = 'sentence';
      len = Math.min(5 * 365, 14 + Math.floor(Math.exp(Math.log(90) + normal())));
    } else {
      s = anchor + 30 + Math.floor(expo(200));
      type = 'recall';
      len = 14 + Math.floor(expo(40));
    }
    if (s > AS_OF) s = anchor;
    const e = s + len - 1;
    prevEnd = e;
    eps.push([s, e, type]);
  }
  eps.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let cbuf = '';
  for (const [s, e, type] of eps) {
    const row = `${id},${iso(s)},${e > AS_OF ? '' : iso(e)},${type}\n`;
    if (custody.byDay) custody.byDay.add(s, row);
    else cbuf += row;
  }
  custody.buf += cbuf;
  custody.rows += eps.length;
}

/** A multiplier coprime to n, near n * 0.618 (so neighbours land far apart). */
function coprimeStep(n) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let k = Math.max(1, Math.floor(n * 0.6180339887));
  while (gcd(k, n) !== 1) k++;
  return k;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  rng.u = makeRng(opts.seed);
  mkdirSync(opts.out, { recursive: true });
  const cohort = new Out(join(opts.out, 'cohort.csv'), 'person_id,cohort_start,cohort_end,group,age,sex,prior_offences,risk_score');
  const charges = new Out(join(opts.out, 'charges.csv'), 'person_id,charge_date,offence_date,offence_code');
  const custody = new Out(join(opts.out, 'custody.csv'), 'person_id,custody_start,custody_end,custody_type');
  const width = Math.max(8, String(opts.people * 10 + 9).length);
  let strangers = 0;
  const random = opts.order === 'random';
  if (random) for (const o of [cohort, charges, custody]) o.byDay = new DayBuckets();
  // Person number -> id number: a fixed permutation (multiplication by a step coprime to the
  // cohort size) in random order, the identity in person order.
  const step = random ? coprimeStep(opts.people) : 1;
  const idOf = (i) => (i * step) % opts.people;

  for (let i = 0; i < opts.people; i++) {
    // Ids are 10*i + a digit: increasing, gappy, leading zeros. A stranger near person i takes
    // another digit in the same decade, so cohort and non-cohort ids interleave.
    const digit = Math.floor(U() * 10);
    const id = String(idOf(i) * 10 + digit).padStart(width, '0');
    let age = 18 + Math.floor(expo(11));
    if (age > 60) age = 18 + Math.floor(U() * 43);
    const male = U() < 0.83;
    const z = gamma(FRAILTY_SHAPE, 1 / FRAILTY_SHAPE); // mean 1, heavy right tail
    const prior = Math.min(15, poisson(0.5 + 2.5 * Math.min(z, 6)));
    const risk = logistic(-1.1 + 0.6 * Math.log(z + 0.05) + 0.13 * prior - 0.025 * (age - 30) + (male ? 0.3 : 0) + 0.45 * normal());
    const treated = U() < logistic(0.15 - 0.09 * (prior - 2) - 0.015 * (age - 28));
    const start = START_FROM + Math.floor(U() * (START_TO - START_FROM + 1));
    let end = '';
    if (U() < 0.1 && start + 31 < AS_OF) end = iso(start + 30 + Math.floor(U() * Math.min(1000, AS_OF - start - 30)));
    const cohortRow = `${id},${iso(start)},${end},${treated ? 'treated' : 'comparison'},${age},${male ? 'M' : 'F'},${prior},${RISK[Math.round(risk * 1000)]}\n`;
    if (random) cohort.byDay.add(start, cohortRow);
    else cohort.buf += cohortRow;
    cohort.rows++;
    emitHistory(id, start, treated, z, charges, custody);

    if (U() < P_STRANGER) {
      const other = (digit + 1 + Math.floor(U() * 9)) % 10;
      const sid = String(idOf(i) * 10 + other).padStart(width, '0');
      emitHistory(sid, START_FROM + Math.floor(U() * (START_TO - START_FROM + 1)), false, gamma(FRAILTY_SHAPE, 1 / FRAILTY_SHAPE), charges, custody);
      strangers++;
    }

    if (cohort.buf.length >= CHUNK) await cohort.flush();
    if (charges.buf.length >= CHUNK) await charges.flush();
    if (custody.buf.length >= CHUNK) await custody.flush();
  }
  if (random) for (const o of [cohort, charges, custody]) await o.byDay.drain(o);
  await Promise.all([cohort.close(), charges.close(), custody.close()]);
  writeFileSync(
    join(opts.out, 'desist.json'),
    `${JSON.stringify({ description: `Benchmark data: node bench/generate.mjs --people ${opts.people} --seed ${opts.seed} --order ${opts.order}`, options: { asOf: iso(AS_OF), treated: 'treated', comparison: 'comparison' } }, null, 2)}\n`,
  );

  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  const line = (o) => `  ${o.path}: ${o.rows} rows, ${mb(o.bytes)}`;
  process.stdout.write(
    [
      `wrote ${opts.out} (seed ${opts.seed}, ${opts.order} order, as-of ${iso(AS_OF)}) in ${secs.toFixed(1)} s`,
      line(cohort),
      line(charges),
      line(custody),
      `  total ${mb(cohort.bytes + charges.bytes + custody.bytes)}; ${strangers} people outside the cohort; ` +
        `${(charges.rows / opts.people).toFixed(2)} charge rows and ${(custody.rows / opts.people).toFixed(2)} custody rows per person`,
    ].join('\n') + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`bench/generate.mjs: ${e.message}\n${USAGE}\n`);
  process.exitCode = 1;
});
