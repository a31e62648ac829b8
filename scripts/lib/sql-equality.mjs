/**
 * Shared by `npm run test:dialects` (scripts/check-sql-dialects.mjs) and `npm run test:spark`
 * (scripts/check-spark.mjs): the cases (dataset + measure + options) each dialect's query is
 * checked on, desist's own rows for them, the CSVs the query reads (the very `read_csv(...)`
 * expressions of the DuckDB dialect's query, every column as text) and the row-by-row
 * comparison. The cases are those of test/sql/duckdb.test.ts: the sample data and a generated
 * extract in random row order (every option variant), twelve edge-case fixtures and the two
 * hand-worked fixtures (every custody mode, basis, clock and index).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The option variants, one list shared with test/sql/duckdb.test.ts. */
const VARIANTS = JSON.parse(readFileSync(join(ROOT, 'test', 'sql', 'variants.json'), 'utf8'));
export const QUARTERLY_VARIANTS = VARIANTS.quarterly;
export const FOLLOWUP_VARIANTS = VARIANTS.followup;
/**
 * The zoo fixtures of the Trino and Spark checks: test/sql/duckdb.test.ts's list without
 * `odd-whitespace` and `required-columns-only` (plus `charged-after-as-of`, below). Trino and
 * Spark trim with their own `trim` (Spark spaces only, Trino whitespace), not desist's two rules
 * (dates as JavaScript trims, ids of spaces and tabs), so tabs and no-break spaces around values
 * are read differently there; and their queries read tables, not files, so a column a file lacks
 * must be declared absent in the mapping (desist reads file headers for DuckDB only). The tests
 * of files read directly (test/sql/files.test.ts, the Parquet and gzip copies) are DuckDB's too.
 * docs/sql.md says so.
 */
export const ZOO = ['valid', 'custody-overlaps', 'across-quarter', 'duplicate-charges', 'duplicates-by-text', 'leading-zero-ids', 'timestamps', 'whitespace-values', 'bad-rows', 'unreadable-dates', 'odd-date-text', 'crlf', 'bom', 'quoted-fields'];

const COUNTS = {
  quarterly: ['eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'],
  followup: ['n', 'not_mature', 'no_index', 'reoffenders', 'reoffences', 'liberty_days'],
};
const RATES = {
  quarterly: ['desistance_unadjusted', 'desistance', 'charges_per_1000_liberty_days'],
  followup: ['rate', 'per_person', 'per_reoffender'],
};
/** Compared exactly as text (dates as yyyy-mm-dd, booleans as true/false). */
const EXACT = { quarterly: ['quarter_start', 'quarter_end', 'provisional'], followup: [] };

/** Builds dist/ when missing; makes the generated extract (1,500 people, seed 7, random row order) in a temp folder. */
export function prepare() {
  process.env.TZ = 'UTC';
  process.chdir(ROOT);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const generated = mkdtempSync(join(tmpdir(), 'desist-dialects-'));
  execFileSync(process.execPath, ['bench/generate.mjs', '--people', '1500', '--seed', '7', '--order', 'random', '--out', generated], { cwd: ROOT, stdio: 'ignore' });
  return generated;
}

/** Every case: { dataset, measure, args, name }. */
export function cases(generated) {
  const out = [];
  const add = (dataset, label, measure, args) => out.push({ dataset, measure, args, name: `${measure} ${label}: ${args.join(' ') || '(defaults)'}` });
  for (const [ds, label] of [['sample-data', 'sample-data'], [generated, 'generated']]) {
    for (const v of QUARTERLY_VARIANTS) add(ds, label, 'quarterly', v);
    for (const v of FOLLOWUP_VARIANTS) add(ds, label, 'followup', v);
  }
  for (const name of ZOO) {
    const ds = `test/fixtures/zoo/${name}`;
    const asOf = ['--as-of', '2024-06-30', '--from', '2023Q1'];
    for (const mode of ['none', 'whole-quarter', 'min-liberty']) add(ds, `zoo/${name}`, 'quarterly', [...asOf, '--custody-mode', mode]);
    add(ds, `zoo/${name}`, 'quarterly', [...asOf, '--basis', 'offence']);
    for (const clock of ['calendar', 'liberty']) for (const index of ['start', 'release']) add(ds, `zoo/${name}`, 'followup', ['--as-of', '2024-06-30', '--clock', clock, '--index', index, '--follow-up', '6m', '--waiting', '1m']);
  }
  const late = 'test/fixtures/zoo/charged-after-as-of';
  for (const basis of ['charge', 'offence']) add(late, 'zoo/charged-after-as-of', 'quarterly', ['--as-of', '2023-09-30', '--from', '2023Q1', '--basis', basis]);
  add(late, 'zoo/charged-after-as-of', 'followup', ['--as-of', '2023-09-30', '--follow-up', '3m', '--waiting', '1m']);
  for (const name of ['followup', 'quarters']) {
    const ds = `test/fixtures/cases/${name}`;
    for (const mode of ['none', 'whole-quarter', 'min-liberty']) add(ds, `cases/${name}`, 'quarterly', ['--custody-mode', mode]);
    for (const clock of ['calendar', 'liberty']) for (const index of ['start', 'release']) add(ds, `cases/${name}`, 'followup', ['--clock', clock, '--index', index]);
  }
  return out;
}

/** `desist ARGS` run in-process (dist/cli/run.js, as test/helpers/cli.ts does with src/): its stdout; throws on a non-zero exit. */
async function desist(args) {
  const { run } = await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'run.js')).href);
  const out = [];
  const err = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c) => out.push(c));
  stderr.on('data', (c) => err.push(c));
  const code = await run(args, { stdin: Readable.from([]), stdout, stderr, env: {}, now: () => new Date(), cwd: ROOT });
  if (code !== 0) throw new Error(`desist ${args.join(' ')}: exit ${code}: ${Buffer.concat(err).toString('utf8').trim()}`);
  return Buffer.concat(out).toString('utf8');
}

/** desist's own rows (`desist MEASURE DATASET ARGS --format json`). */
export async function nativeRows(c) {
  return JSON.parse(await desist([c.measure, c.dataset, ...c.args, '--format', 'json', '--quiet'])).rows;
}

/** The query `desist sql` writes for the case in DIALECT over TABLES ({cohort, charges, custody} names). */
export async function dialectSql(c, dialect, tables) {
  const t = tables ? ['--tables', `cohort=${tables.cohort},charges=${tables.charges},custody=${tables.custody}`] : [];
  return desist(['sql', c.measure, c.dataset, ...c.args, '--dialect', dialect, ...t]);
}

/**
 * The three inputs of a dataset as DuckDB table expressions, taken from the DuckDB dialect's
 * own query (so the same files, read the same way, as test/sql/duckdb.test.ts: `read_csv(...,
 * all_varchar = true)`).
 */
export async function csvSources(dataset) {
  const sql = await desist(['sql', 'quarterly', dataset, '--dialect', 'duckdb', '--as-of', '2024-06-30']);
  const from = (cte) => {
    const m = new RegExp(`${cte} AS \\([\\s\\S]*?FROM (read_csv\\('(?:[^']|'')*'[^)]*\\))`).exec(sql);
    if (!m) throw new Error(`no read_csv for ${cte} in the DuckDB query of ${dataset}`);
    return m[1];
  };
  return { cohort: from('cohort_text'), custody: from('custody_text'), charges: from('charges_text') };
}

/** Runs FN over ITEMS, at most N at a time, keeping order. */
export async function mapLimit(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** A value as plain JSON-ish data: BigInt as number, dates as yyyy-mm-dd, booleans kept. */
export function plain(v) {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object' && typeof v.toString === 'function' && !Array.isArray(v)) return String(v);
  return v;
}

const keyOf = (measure) => (measure === 'quarterly' ? (r) => `${r.quarter}|${r.group ?? ''}` : (r) => String(r.group ?? ''));
const asText = (v) => (v === null || v === undefined ? 'null' : typeof v === 'string' ? v.slice(0, 10) : String(v));

/**
 * The differences between desist's rows and the query's (empty when equal): the same keys
 * (quarter and group, or group), the counts equal, the rates equal to 12 significant digits,
 * dates and `provisional` equal. Returns at most 5 messages.
 */
export function compareRows(measure, tool, sql) {
  const key = keyOf(measure);
  const problems = [];
  const rows = sql.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  const byKey = new Map(rows.map((r) => [key(r), r]));
  if (rows.length !== tool.length) problems.push(`${rows.length} rows, desist has ${tool.length}`);
  for (const t of tool) {
    const s = byKey.get(key(t));
    if (!s) {
      problems.push(`row ${key(t)} missing`);
      continue;
    }
    for (const c of COUNTS[measure]) if (Number(s[c]) !== t[c] || s[c] === null) problems.push(`${key(t)} ${c}: ${s[c]}, desist ${t[c]}`);
    for (const c of RATES[measure]) {
      const a = s[c] === null || s[c] === undefined ? null : Number(s[c]);
      const b = t[c];
      const same = a === null || b === null ? a === b : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
      if (!same) problems.push(`${key(t)} ${c}: ${a}, desist ${b}`);
    }
    for (const c of EXACT[measure]) if (asText(s[c]) !== asText(t[c])) problems.push(`${key(t)} ${c}: ${asText(s[c])}, desist ${asText(t[c])}`);
  }
  return problems.slice(0, 5);
}
