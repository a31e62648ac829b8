#!/usr/bin/env node
/**
 * The benchmark: times the built CLI on generated national-scale data, checks the targets and
 * re-checks the quarterly counts against an independent implementation.
 *
 *   npm run bench                                     # build, then the defaults below
 *   node bench/run.mjs --sizes 100000 --repeat 1      # a quick run
 *
 * For each size and row order it generates bench/data/<size>-<order>/ with bench/generate.mjs
 * (unless a dataset from the same size, seed and order is already there), then runs each command
 * as a child process
 * (`node bin/desist.js <cmd> bench/data/<size> --format csv -o <tmp> --quiet`), timing the
 * whole process (wall clock, hrtime around spawn and exit) and reading its peak RSS from GNU
 * time (`/usr/bin/time -f %M`) or, without it, by polling /proc/<pid>/status VmHWM every 20 ms.
 * In the same run, DuckDB computes the same quarterly table in SQL over the same files
 * (bench/duckdb-quarterly.mjs, also a whole child process); its counts must equal desist's, and
 * the targets are ratios of desist's wall time to DuckDB's, so they hold on any machine.
 * Writes bench/results/latest.json and bench/results/latest.md, and prints the markdown.
 * Plain Node ESM, built-ins only. See bench/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceQuarterly } from './reference-quarterly.mjs';
import { batchManifest } from './batch-manifest.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const COMMANDS = ['validate', 'quarterly', 'followup', 'compare', 'report', 'batch'];
const CHECK_SIZE = 100000;
const COUNT_COLUMNS = ['eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'];
const KiB_PER_GiB = 1024 * 1024;
const ORDERS = ['random', 'person'];
/**
 * Targets (issue 15), on random-order extracts: quarterly's wall time over DuckDB's for the same
 * table, by size; followup and compare within 1.3x of quarterly, validate within 1.2x; peak RSS
 * at 1M people at most 1 GiB. The 5M-person figures are information unless --sizes includes 5m.
 */
const DUCKDB_RATIO = { 100000: 0.7, 1000000: 0.5 };
const RELATIVE = { followup: 1.3, compare: 1.3, validate: 1.2 };
/** Issue 13: the HTML report (every measure, charts rendered) within 2x of compare. */
const RELATIVE_TO_COMPARE = { report: 2 };
const RSS_LIMIT = { size: 1000000, gib: 1 };
/** desist batch: a 40-comparison manifest (bench/batch-manifest.mjs) within 3x one compare (issue 12). */
const BATCH_RATIO = { command: 'batch', over: 'compare', limit: 3 };
const LINEARITY = { command: 'quarterly', small: 100000, large: 1000000, tolerance: 0.15 };

const USAGE = `usage: node bench/run.mjs [options]     (npm run bench builds first)

  --sizes LIST     cohort sizes, comma-separated; 100k and 1m are accepted (default 100000,1000000)
  --repeat N       runs per measurement, taken in turns (every command once, then again);
                   the median and min are reported (default 3)
  --seed S         data generator seed (default 1)
  --only LIST      commands to time, from ${COMMANDS.join(',')} (default all)
  --orders LIST    row orders of the generated extracts: random (by date, scattered ids, as real
                   extracts are), person (grouped by person); default random,person
  --no-duckdb      skip DuckDB (its timing and its count check)
  --keep           keep the datasets this run generated (default: delete them at the end;
                   datasets that were already there are always kept and reused)
  --skip-check     skip the quarterly re-check against bench/reference-quarterly.mjs
  --strict         exit 1 when a target fails (default: report FAIL, exit 0)
  --rss METHOD     peak RSS from 'time' (/usr/bin/time -f %M) or 'proc' (poll VmHWM);
                   default: 'time' when GNU time works here, else 'proc'
  -h, --help       this text

Exit status: 0 done; 1 a command failed or the check found a mismatch (or --strict and a
target failed); 2 bad arguments.`;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`--sizes: '${s}' is not a size`);
  const n = Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()];
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: '${s}' is not a positive whole number`);
  return n;
}

function parseArgs(argv) {
  const o = { sizes: [100000, 1000000], repeat: 3, seed: 1, only: COMMANDS, orders: ORDERS, duckdb: true, keep: false, skipCheck: false, strict: false, rss: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--sizes') o.sizes = [...new Set(value().split(',').map(parseSize))].sort((x, y) => x - y);
    else if (a === '--repeat') o.repeat = Number(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--only') o.only = value().split(',').map((s) => s.trim());
    else if (a === '--orders') o.orders = value().split(',').map((x) => x.trim());
    else if (a === '--no-duckdb') o.duckdb = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--skip-check') o.skipCheck = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--rss') o.rss = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.repeat) || o.repeat < 1) throw new Error('--repeat must be a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
  const unknown = o.only.filter((c) => !COMMANDS.includes(c));
  if (unknown.length) throw new Error(`--only: unknown command ${unknown.join(', ')} (choose from ${COMMANDS.join(', ')})`);
  o.only = COMMANDS.filter((c) => o.only.includes(c));
  const badOrder = o.orders.filter((x) => !ORDERS.includes(x));
  if (badOrder.length || o.orders.length === 0) throw new Error(`--orders: choose from ${ORDERS.join(', ')}`);
  if (o.rss !== null && !['time', 'proc'].includes(o.rss)) throw new Error("--rss must be 'time' or 'proc'");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const secs = (ms) => (ms / 1000).toFixed(2);
const mib = (kib) => (kib / 1024).toFixed(0);
const thousands = (n) => n.toLocaleString('en-GB');

/** Lines in a file (newline bytes, plus a last line without one), read in 4 MiB blocks. */
function countLines(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 22);
  let lines = 0;
  let last = 10;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let i = -1;
      while ((i = buf.indexOf(10, i + 1)) !== -1 && i < n) lines++;
      last = buf[n - 1];
    }
  } finally {
    closeSync(fd);
  }
  return last === 10 ? lines : lines + 1;
}

/** A minimal RFC 4180 reader (the CLI quotes fields holding commas, e.g. reasons). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows;
  return data.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])));
}

// ---------------------------------------------------------------------------------------------
// Running a child: wall time and peak RSS

/** Does GNU time (with -f and -o) work here? */
function gnuTimeWorks(tmp) {
  if (!existsSync('/usr/bin/time')) return false;
  const out = join(tmp, 'probe.time');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', ''], { stdio: 'ignore' });
  return r.status === 0 && existsSync(out) && /^\d+\s*$/m.test(readFileSync(out, 'utf8'));
}

/**
 * Run `node ...args` in the project root; resolves { ms, rssKiB, code, signal, stdout, stderr }.
 * Wall time is taken around spawn and exit. With GNU time the child is `time -f %M -o FILE node ...`:
 * its own cost (a fork and a wait) is a millisecond and is in every figure alike, startup included.
 */
function runNode(args, { rssMethod, tmp }) {
  return new Promise((resolve, reject) => {
    const timeFile = join(tmp, `run-${process.pid}-${Date.now()}.time`);
    const [cmd, argv] = rssMethod === 'time' ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
    const stdout = [];
    const stderr = [];
    let peak = 0;
    let timer = null;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let t1 = null;
    let exit = null;
    if (rssMethod === 'proc') {
      const poll = () => {
        try {
          const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peak = Math.max(peak, Number(m[1]));
        } catch {
          // the process has gone (or not started yet)
        }
      };
      poll();
      timer = setInterval(poll, 20);
    }
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      t1 = process.hrtime.bigint();
      exit = { code, signal };
      if (timer) clearInterval(timer);
    });
    child.on('close', () => {
      if (rssMethod === 'time') {
        try {
          const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
          peak = Number(lines[lines.length - 1]) || 0;
          rmSync(timeFile, { force: true });
        } catch {
          peak = 0;
        }
      }
      resolve({
        ms: Number(t1 - t0) / 1e6,
        rssKiB: peak,
        code: exit.code,
        signal: exit.signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

function fail(what, r) {
  log(`\nbench: ${what} failed (exit ${r.code ?? `signal ${r.signal}`})`);
  if (r.stderr.trim()) log(r.stderr.trimEnd());
  process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// Data

/** bench/data/<size>-<order>/ from generate.mjs with this seed, generating it when missing or different. */
function ensureData(size, seed, order) {
  const rel = join('bench', 'data', `${size}-${order}`);
  const dir = join(ROOT, rel);
  const want = `Benchmark data: node bench/generate.mjs --people ${size} --seed ${seed} --order ${order}`;
  const files = ['cohort.csv', 'charges.csv', 'custody.csv', 'desist.json'];
  let meta = null;
  try {
    if (files.every((f) => existsSync(join(dir, f)))) meta = JSON.parse(readFileSync(join(dir, 'desist.json'), 'utf8'));
  } catch {
    meta = null;
  }
  let generated = false;
  if (meta?.description !== want) {
    log(`bench: generating ${rel} (${thousands(size)} people, seed ${seed}, ${order} order)`);
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, ['--max-old-space-size=16384', 'bench/generate.mjs', '--people', String(size), '--out', rel, '--seed', String(seed), '--order', order], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    if (r.status !== 0) throw new Error(`bench/generate.mjs failed for ${size} people`);
    meta = JSON.parse(readFileSync(join(dir, 'desist.json'), 'utf8'));
    generated = true;
  } else log(`bench: reusing ${rel}`);
  const rows = {};
  let bytes = 0;
  for (const role of ['cohort', 'charges', 'custody']) {
    const path = join(dir, `${role}.csv`);
    rows[role] = countLines(path) - 1;
    bytes += statSync(path).size;
  }
  return { size, order, dir, rel, asOf: meta.options.asOf, generated, rows, bytes };
}

// ---------------------------------------------------------------------------------------------
// The correctness re-checks

/** Compare desist's quarterly CSV rows with reference rows on the count columns. */
function compareCounts(tool, ref) {
  const key = (q) => `${q.quarter}|${q.group ?? ''}`;
  const toolBy = new Map(tool.map((q) => [key(q), q]));
  const refBy = new Map(ref.map((q) => [key(q), q]));
  const mismatches = [];
  for (const [k, q] of refBy) {
    const t = toolBy.get(k);
    if (!t) {
      mismatches.push({ quarter: q.quarter, group: q.group, column: '(row)', tool: 'missing', reference: 'present' });
      continue;
    }
    for (const c of COUNT_COLUMNS) {
      if (Number(t[c]) !== Number(q[c]) || t[c] === '' || t[c] === undefined) mismatches.push({ quarter: q.quarter, group: q.group, column: c, tool: t[c] ?? 'missing', reference: q[c] });
    }
  }
  for (const [k, t] of toolBy) if (!refBy.has(k)) mismatches.push({ quarter: t.quarter, group: t.group, column: '(row)', tool: 'present', reference: 'missing' });
  return mismatches;
}

function checkResult(name, data, ref, mismatches, refMs) {
  const result = {
    reference: name,
    size: data.size,
    order: data.order,
    rows_compared: ref.length,
    columns: COUNT_COLUMNS,
    quarters: ref.length ? `${ref[0].quarter}..${ref[ref.length - 1].quarter}` : null,
    reference_seconds: refMs === null ? null : Number((refMs / 1000).toFixed(2)),
    mismatches: mismatches.length,
    first_mismatches: mismatches.slice(0, 50),
    passed: mismatches.length === 0 && ref.length > 0,
  };
  if (ref.length === 0) log(`bench: check against ${name}: it found no quarters`);
  if (mismatches.length) {
    log(`bench: check against ${name} FAILED on ${data.rel}: ${mismatches.length} mismatches; the first:`);
    for (const m of mismatches.slice(0, 20)) log(`  ${m.quarter} ${m.group} ${m.column}: desist ${m.tool}, ${name} ${m.reference}`);
    process.exitCode = 1;
  } else log(`bench: check against ${name} passed on ${data.rel}: ${ref.length} quarter x group rows x ${COUNT_COLUMNS.length} counts agree`);
  return result;
}

async function check(data, ctx) {
  log(`bench: checking quarterly counts on ${data.rel} against bench/reference-quarterly.mjs`);
  const r = await runNode(['bin/desist.js', 'quarterly', data.rel, '--format', 'csv'], ctx);
  if (r.code !== 0) {
    fail(`desist quarterly ${data.rel}`, r);
    return null;
  }
  const tool = parseCsv(r.stdout);
  const t0 = process.hrtime.bigint();
  const ref = referenceQuarterly(data.dir, data.asOf);
  const refMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return checkResult('bench/reference-quarterly.mjs', data, ref, compareCounts(tool, ref), refMs);
}

// ---------------------------------------------------------------------------------------------
// Report

const DUCKDB = 'duckdb quarterly';
const DESIST_SQL = 'desist sql in duckdb';

function evaluate(results, startup) {
  const startupMs = startup.node_ms;
  const find = (size, command, order = 'random') => results.find((r) => r.size === size && r.command === command && r.order === order);
  const targets = [];
  const push = (target, limit, value, fmt, passed) => targets.push({ target, limit, measured: fmt(value), value, passed });
  const x = (v) => `${v.toFixed(2)}x`;
  for (const size of [...new Set(results.map((r) => r.size))]) {
    const q = find(size, 'quarterly');
    const duck = find(size, DUCKDB);
    if (q && duck && DUCKDB_RATIO[size] !== undefined) {
      const ratio = q.median_ms / duck.median_ms;
      push(`quarterly / DuckDB, ${thousands(size)} people, random order`, `<= ${DUCKDB_RATIO[size]}x`, ratio, x, ratio <= DUCKDB_RATIO[size]);
    }
    const c = find(size, 'compare');
    for (const [command, limit] of Object.entries(RELATIVE_TO_COMPARE)) {
      const r = find(size, command);
      if (!c || !r) continue;
      push(`${command} / compare, ${thousands(size)} people, random order`, `<= ${limit}x`, r.median_ms / c.median_ms, x, r.median_ms / c.median_ms <= limit);
    }
    const viaSql = find(size, DESIST_SQL);
    if (q && viaSql) push(`desist sql's query in DuckDB / desist quarterly, ${thousands(size)} people, random order`, '<= 1x', viaSql.median_ms / q.median_ms, x, viaSql.median_ms <= q.median_ms);
    for (const [command, limit] of Object.entries(RELATIVE)) {
      const r = find(size, command);
      if (!q || !r) continue;
      const ratio = r.median_ms / q.median_ms;
      push(`${command} / quarterly, ${thousands(size)} people, random order`, `<= ${limit}x`, ratio, x, ratio <= limit);
    }
    const b = find(size, BATCH_RATIO.command);
    const one = find(size, BATCH_RATIO.over);
    if (b && one) {
      const ratio = b.median_ms / one.median_ms;
      push(`batch (40 comparisons) / compare, ${thousands(size)} people, random order`, `<= ${BATCH_RATIO.limit}x`, ratio, x, ratio <= BATCH_RATIO.limit);
    }
    if (size === RSS_LIMIT.size) {
      const peak = Math.max(0, ...results.filter((r) => r.size === size && r.command !== DUCKDB && r.command !== DESIST_SQL && r.order === 'random').map((r) => r.peak_rss_kib));
      if (peak > 0) push(`peak RSS of any command, ${thousands(size)} people`, `<= ${RSS_LIMIT.gib} GiB`, peak / KiB_PER_GiB, (v) => `${v.toFixed(2)} GiB`, peak / KiB_PER_GiB <= RSS_LIMIT.gib);
    }
  }
  const q1 = find(1000000, 'quarterly');
  const q5 = find(5000000, 'quarterly');
  if (q1 && q5) {
    push('quarterly at 5M / at 1M (linear: 5x)', '<= 5.5x', q5.median_ms / q1.median_ms, x, q5.median_ms / q1.median_ms <= 5.5);
    push('quarterly peak RSS, 5M people', '<= 5 GiB', q5.peak_rss_kib / KiB_PER_GiB, (v) => `${v.toFixed(2)} GiB`, q5.peak_rss_kib / KiB_PER_GiB <= 5);
  }
  const linearity = [];
  for (const command of COMMANDS) {
    const small = find(LINEARITY.small, command);
    const large = find(LINEARITY.large, command);
    if (!small || !large) continue;
    const k = LINEARITY.large / LINEARITY.small;
    const ratio = (small.median_ms - startupMs) / ((large.median_ms - startupMs) / k);
    const ratioCli = (small.median_ms - startup.cli_ms) / ((large.median_ms - startup.cli_ms) / k);
    linearity.push({ command, ratio: Number(ratio.toFixed(3)), ratio_cli_startup: Number(ratioCli.toFixed(3)) });
  }
  return { targets, linearity, summary: summarise(results) };
}

/**
 * One row per size and row order: quarterly's time and every ratio the targets use, so the two
 * orders can be read side by side (the targets themselves are judged on random order).
 */
function summarise(results) {
  const rows = [];
  const keys = [...new Map(results.map((r) => [`${r.size} ${r.order}`, { size: r.size, order: r.order }])).values()];
  for (const { size, order } of keys) {
    const t = (command) => results.find((r) => r.size === size && r.order === order && r.command === command)?.median_ms;
    const ratio = (a, b) => (a !== undefined && b !== undefined ? Number((a / b).toFixed(3)) : null);
    const desist = results.filter((r) => r.size === size && r.order === order && r.command !== DUCKDB && r.command !== DESIST_SQL);
    rows.push({
      size,
      order,
      quarterly_s: t('quarterly') === undefined ? null : Number(secs(t('quarterly'))),
      quarterly_over_duckdb: ratio(t('quarterly'), t(DUCKDB)),
      desist_sql_over_quarterly: ratio(t(DESIST_SQL), t('quarterly')),
      followup_over_quarterly: ratio(t('followup'), t('quarterly')),
      compare_over_quarterly: ratio(t('compare'), t('quarterly')),
      validate_over_quarterly: ratio(t('validate'), t('quarterly')),
      report_over_compare: ratio(t('report'), t('compare')),
      batch_over_compare: ratio(t('batch'), t('compare')),
      peak_rss_gib: desist.length ? Number((Math.max(...desist.map((r) => r.peak_rss_kib ?? 0)) / KiB_PER_GiB).toFixed(2)) : null,
    });
  }
  return rows;
}

/** The summary as a markdown table (also pasted into the README by hand). */
function summaryMarkdown(summary) {
  const f = (v, unit = 'x') => (v === null ? '-' : `${v.toFixed(2)}${unit}`);
  const L = [
    '| people | order | quarterly | / DuckDB | desist sql in DuckDB / quarterly | followup | compare | validate | report / compare | batch / compare | peak RSS |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of summary) {
    L.push(
      `| ${thousands(r.size)} | ${r.order} | ${f(r.quarterly_s, ' s')} | ${f(r.quarterly_over_duckdb)} | ${f(r.desist_sql_over_quarterly)} | ${f(r.followup_over_quarterly)} | ${f(r.compare_over_quarterly)} | ${f(r.validate_over_quarterly)} | ${f(r.report_over_compare)} | ${f(r.batch_over_compare)} | ${f(r.peak_rss_gib, ' GiB')} |`,
    );
  }
  return L;
}

function markdown(res) {
  const m = res.machine;
  const L = [];
  L.push(`### Benchmark results (${res.date.slice(0, 10)})`);
  L.push('');
  L.push(
    `${m.cpu}, ${m.cores} cores, ${(m.memory_bytes / 2 ** 30).toFixed(1)} GiB RAM; Node ${m.node}; ${m.os}. ` +
      `Load average ${m.loadavg_start.map((v) => v.toFixed(2)).join(' ')} at the start, ${m.loadavg_end.map((v) => v.toFixed(2)).join(' ')} at the end.`,
  );
  L.push('');
  L.push(
    `\`${res.command_line}\`: each figure is the whole process (\`node bin/desist.js <command> <data> --format csv -o <file> --quiet\`; ` +
      `DuckDB: \`node bench/duckdb-quarterly.mjs <data>\`, the same quarterly table in SQL over the same CSV files), ` +
      `wall time the median and min of ${res.options.repeat} run${res.options.repeat === 1 ? '' : 's'}, peak RSS the largest of them (${res.rss_method === 'time' ? 'GNU time %M' : '/proc VmHWM polled every 20 ms'}). ` +
      `Row order: random = as real extracts are exported (charges by charge date, custody by start, ids scattered); person = every person's rows together, ids ascending. ` +
      `Node startup (\`node -e ""\`) ${secs(res.startup.node_ms)} s; CLI startup (\`desist --version\`) ${secs(res.startup.cli_ms)} s.`,
  );
  L.push('');
  if (res.summary?.length) {
    L.push('Summary (medians; followup, compare and validate over quarterly; peak RSS of the desist commands):');
    L.push('');
    L.push(...summaryMarkdown(res.summary));
    L.push('');
  }
  L.push('| people | order | rows: cohort / charges / custody | command | wall median (s) | wall min (s) | peak RSS (MiB) |');
  L.push('|---:|---|---|---|---:|---:|---:|');
  for (const r of res.results) {
    const d = res.datasets.find((v) => v.size === r.size && v.order === r.order);
    L.push(`| ${thousands(r.size)} | ${r.order} | ${thousands(d.rows.cohort)} / ${thousands(d.rows.charges)} / ${thousands(d.rows.custody)} | ${r.command} | ${secs(r.median_ms)} | ${secs(r.min_ms)} | ${r.peak_rss_kib ? mib(r.peak_rss_kib) : 'n/a'} |`);
  }
  L.push('');
  if (res.targets.length) {
    L.push('Targets (ratios measured in this run):');
    L.push('');
    L.push('| target | limit | measured | met |');
    L.push('|---|---|---:|---|');
    for (const t of res.targets) L.push(`| ${t.target} | ${t.limit} | ${t.measured} | ${t.passed ? 'yes' : 'no'} |`);
    L.push('');
  }
  if (res.linearity.length) {
    L.push(
      `Linearity, (t(100k) - startup) / ((t(1M) - startup) / 10), 1 = linear, random order, with \`node -e ""\` as startup (in brackets the CLI's startup): ` +
        `${res.linearity.map((v) => `${v.command} ${v.ratio.toFixed(2)} (${v.ratio_cli_startup.toFixed(2)})`).join(', ')}.`,
    );
    L.push('');
  }
  for (const c of res.checks) {
    L.push(
      c.passed
        ? `Correctness check: \`desist quarterly\` on ${thousands(c.size)} people (${c.order} order) agrees with ${c.reference} on all ${c.rows_compared} quarter x group rows (${c.quarters}) x ${c.columns.length} counts.`
        : `Correctness check: ${c.mismatches} mismatches between \`desist quarterly\` and ${c.reference} on ${thousands(c.size)} people (${c.order} order); see latest.json.`,
    );
  }
  if (!res.checks.length) L.push('Correctness checks: skipped.');
  return `${L.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench/run.mjs: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) {
    log('bench: dist/ is missing: run `npm run build` (or `npm run bench`) first');
    process.exitCode = 1;
    return;
  }

  const tmp = mkdtempSync(join(os.tmpdir(), 'desist-bench-'));
  const datasets = [];
  try {
    const rssMethod = o.rss ?? (gnuTimeWorks(tmp) ? 'time' : 'proc');
    if (rssMethod === 'time' && !gnuTimeWorks(tmp)) throw new Error('--rss time: /usr/bin/time (GNU) does not work here');
    const ctx = { rssMethod, tmp };
    const loadStart = os.loadavg();
    log(`bench: peak RSS from ${rssMethod === 'time' ? '/usr/bin/time -f %M' : '/proc/<pid>/status VmHWM (polled every 20 ms)'}; load average ${loadStart.map((x) => x.toFixed(2)).join(' ')}`);

    // Startup: the median of 3, measured exactly as the commands are.
    const startup = {};
    for (const [k, args] of [
      ['node_ms', ['-e', '']],
      ['cli_ms', ['bin/desist.js', '--version']],
    ]) {
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const r = await runNode(args, ctx);
        if (r.code !== 0) {
          fail(`node ${args.join(' ')}`, r);
          return;
        }
        runs.push(r.ms);
      }
      startup[k] = median(runs);
    }
    log(`bench: node startup ${secs(startup.node_ms)} s, CLI startup ${secs(startup.cli_ms)} s`);

    // Check first, so a wrong answer shows before minutes of timing (the timings still run).
    const checks = [];
    const dataFor = (size, order) => {
      let d = datasets.find((x) => x.size === size && x.order === order);
      if (!d) {
        d = ensureData(size, o.seed, order);
        datasets.push(d);
      }
      return d;
    };
    if (!o.skipCheck) {
      const c = await check(dataFor(CHECK_SIZE, o.orders[0]), ctx);
      if (c === null) return;
      checks.push(c);
    }

    const results = [];
    for (const size of o.sizes) for (const order of o.orders) {
      const d = dataFor(size, order);
      // Every measurement of this dataset is a job, and the repeats go round the jobs (each job
      // once, then each again): a slow spell of the machine then falls on all the commands alike
      // instead of on one command's runs, which would skew the ratios the targets are.
      const jobs = [];
      for (const command of o.only) {
        // the report writes one HTML file; every other command its table as CSV
        const out = join(tmp, `${command}-${size}.${command === 'report' ? 'html' : 'csv'}`);
        const input = command === 'batch' ? batchManifest(d, tmp) : d.rel;
        jobs.push({ command, label: `desist ${command} ${d.rel}`, out, args: ['bin/desist.js', command, input, ...(command === 'report' ? [] : ['--format', 'csv']), '-o', out, '--quiet'] });
      }
      if (o.duckdb) {
        // DuckDB on the same files, timed the same way; its counts must equal desist's.
        const threads = String(os.cpus().length);
        jobs.push({ command: DUCKDB, label: `bench/duckdb-quarterly.mjs ${d.rel}`, args: ['bench/duckdb-quarterly.mjs', d.rel, '--as-of', d.asOf, '--threads', threads] });
        // `desist sql quarterly`'s own query, run by DuckDB on the same files (issue 17)
        const sqlFile = join(tmp, `quarterly-${size}-${order}.sql`);
        const gen = await runNode(['bin/desist.js', 'sql', 'quarterly', d.rel, '--as-of', d.asOf, '-o', sqlFile], ctx);
        if (gen.code !== 0) {
          fail(`desist sql quarterly ${d.rel}`, gen);
          return;
        }
        jobs.push({ command: DESIST_SQL, label: `desist sql's query in DuckDB on ${d.rel}`, args: ['bench/duckdb-quarterly.mjs', d.rel, '--sql', sqlFile, '--threads', threads] });
      }
      const runs = new Map(jobs.map((j) => [j.command, []]));
      /** the last run's table, as CSV text, by command */
      const lastTable = new Map();
      for (let i = 0; i < o.repeat; i++) {
        for (const job of jobs) {
          const r = await runNode(job.args, ctx);
          if (r.code !== 0) {
            fail(job.label, r);
            return;
          }
          if (job.out) {
            if (!existsSync(job.out) || statSync(job.out).size === 0) {
              log(`bench: ${job.label} wrote no output to ${job.out}`);
              process.exitCode = 1;
              return;
            }
            if (job.command === 'quarterly') lastTable.set(job.command, readFileSync(job.out, 'utf8'));
            rmSync(job.out, { force: true });
          } else lastTable.set(job.command, r.stdout);
          runs.get(job.command).push({ ms: Number(r.ms.toFixed(1)), rss_kib: r.rssKiB });
          log(`bench: ${job.command} ${thousands(size)} ${order} run ${i + 1}/${o.repeat}: ${secs(r.ms)} s, ${r.rssKiB ? `${mib(r.rssKiB)} MiB` : 'RSS n/a'}`);
        }
      }
      for (const job of jobs) {
        const rs = runs.get(job.command);
        const ms = rs.map((r) => r.ms);
        results.push({ size, order, command: job.command, median_ms: Number(median(ms).toFixed(1)), min_ms: Math.min(...ms), peak_rss_kib: Math.max(...rs.map((r) => r.rss_kib)), runs: rs });
      }
      if (o.duckdb) {
        if (!lastTable.has('quarterly')) lastTable.set('quarterly', (await runNode(['bin/desist.js', 'quarterly', d.rel, '--format', 'csv', '--quiet'], ctx)).stdout);
        const quarterlyRows = parseCsv(lastTable.get('quarterly'));
        const duckRows = parseCsv(lastTable.get(DUCKDB));
        checks.push(checkResult('DuckDB (bench/duckdb-quarterly.mjs)', d, duckRows, compareCounts(quarterlyRows, duckRows), null));
        const sqlRows = parseCsv(lastTable.get(DESIST_SQL));
        checks.push(checkResult('`desist sql quarterly` run by DuckDB', d, sqlRows, compareCounts(quarterlyRows, sqlRows), null));
      }
    }

    const { targets, linearity, summary } = evaluate(results, startup);
    const cpus = os.cpus();
    const res = {
      date: new Date().toISOString(),
      command_line: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      machine: {
        cpu: cpus[0]?.model?.trim() ?? 'unknown',
        cores: cpus.length,
        memory_bytes: os.totalmem(),
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        loadavg_start: loadStart,
        loadavg_end: os.loadavg(),
      },
      options: { sizes: o.sizes, orders: o.orders, repeat: o.repeat, seed: o.seed, only: o.only, duckdb: o.duckdb },
      rss_method: rssMethod,
      startup,
      datasets: datasets.map(({ size, order, rel, asOf, rows, bytes }) => ({ size, order, dir: rel, as_of: asOf, rows, bytes })),
      results,
      targets: targets.map(({ value: _value, ...t }) => t),
      summary,
      linearity,
      checks,
    };
    const md = markdown(res);
    const outDir = join(ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(res, null, 2)}\n`);
    writeFileSync(join(outDir, 'latest.md'), md);
    log('bench: wrote bench/results/latest.json and bench/results/latest.md\n');
    process.stdout.write(md);
    if (o.strict && targets.some((t) => !t.passed)) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    if (!o.keep) {
      for (const d of datasets.filter((x) => x.generated)) {
        log(`bench: removing ${d.rel} (generated by this run; --keep keeps it)`);
        rmSync(d.dir, { recursive: true, force: true });
      }
    }
  }
}

main().catch((e) => {
  process.stderr.write(`bench/run.mjs: ${e.message}\n`);
  process.exitCode = 1;
});
