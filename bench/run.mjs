#!/usr/bin/env node
/**
 * The benchmark: times the built CLI on generated national-scale data, checks the targets and
 * re-checks the quarterly counts against an independent implementation.
 *
 *   npm run bench                                     # build, then the defaults below
 *   node bench/run.mjs --sizes 100000 --repeat 1      # a quick run
 *
 * For each size it generates bench/data/<size>/ with bench/generate.mjs (unless a dataset from
 * the same size and seed is already there), then runs each command as a child process
 * (`node bin/desist.js <cmd> bench/data/<size> --format csv -o <tmp> --quiet`), timing the
 * whole process (wall clock, hrtime around spawn and exit) and reading its peak RSS from GNU
 * time (`/usr/bin/time -f %M`) or, without it, by polling /proc/<pid>/status VmHWM every 20 ms.
 * Writes bench/results/latest.json and bench/results/latest.md, and prints the markdown.
 * Plain Node ESM, built-ins only. See bench/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceQuarterly } from './reference-quarterly.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const COMMANDS = ['validate', 'quarterly', 'followup', 'compare'];
const CHECK_SIZE = 100000;
const COUNT_COLUMNS = ['eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'];
const KiB_PER_GiB = 1024 * 1024;
/** Targets at 1M people (the issue): quarterly <= 4.5 s and 1 GiB; followup and compare within 1.5x. */
const TARGET_SIZE = 1000000;
const TARGETS = [
  { command: 'quarterly', wallS: 4.5, rssGiB: 1 },
  { command: 'followup', wallS: 6.75, rssGiB: 1.5 },
  { command: 'compare', wallS: 6.75, rssGiB: 1.5 },
];
const LINEARITY = { command: 'quarterly', small: 100000, large: 1000000, tolerance: 0.15 };

const USAGE = `usage: node bench/run.mjs [options]     (npm run bench builds first)

  --sizes LIST     cohort sizes, comma-separated; 100k and 1m are accepted (default 100000,1000000)
  --repeat N       runs per measurement; the median and min are reported (default 3)
  --seed S         data generator seed (default 1)
  --only LIST      commands to time, from ${COMMANDS.join(',')} (default all)
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
  const o = { sizes: [100000, 1000000], repeat: 3, seed: 1, only: COMMANDS, keep: false, skipCheck: false, strict: false, rss: null };
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

/** bench/data/<size>/ from generate.mjs with this seed, generating it when missing or different. */
function ensureData(size, seed) {
  const rel = join('bench', 'data', String(size));
  const dir = join(ROOT, rel);
  const want = `Benchmark data: node bench/generate.mjs --people ${size} --seed ${seed}`;
  const files = ['cohort.csv', 'charges.csv', 'custody.csv', 'desist.json'];
  let meta = null;
  try {
    if (files.every((f) => existsSync(join(dir, f)))) meta = JSON.parse(readFileSync(join(dir, 'desist.json'), 'utf8'));
  } catch {
    meta = null;
  }
  let generated = false;
  if (meta?.description !== want) {
    log(`bench: generating ${rel} (${thousands(size)} people, seed ${seed})`);
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, ['bench/generate.mjs', '--people', String(size), '--out', rel, '--seed', String(seed)], { cwd: ROOT, stdio: ['ignore', 2, 2] });
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
  return { size, dir, rel, asOf: meta.options.asOf, generated, rows, bytes };
}

// ---------------------------------------------------------------------------------------------
// The correctness re-check

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
      if (Number(t[c]) !== q[c] || t[c] === '' || t[c] === undefined) mismatches.push({ quarter: q.quarter, group: q.group, column: c, tool: t[c] ?? 'missing', reference: q[c] });
    }
  }
  for (const [k, t] of toolBy) if (!refBy.has(k)) mismatches.push({ quarter: t.quarter, group: t.group, column: '(row)', tool: 'present', reference: 'missing' });

  const result = {
    size: data.size,
    rows_compared: ref.length,
    columns: COUNT_COLUMNS,
    quarters: ref.length ? `${ref[0].quarter}..${ref[ref.length - 1].quarter}` : null,
    reference_seconds: Number((refMs / 1000).toFixed(2)),
    mismatches: mismatches.length,
    first_mismatches: mismatches.slice(0, 50),
    passed: mismatches.length === 0 && ref.length > 0,
  };
  if (ref.length === 0) log('bench: check: the reference found no quarters');
  if (mismatches.length) {
    log(`bench: check FAILED: ${mismatches.length} mismatches; the first:`);
    for (const m of mismatches.slice(0, 20)) log(`  ${m.quarter} ${m.group} ${m.column}: desist ${m.tool}, reference ${m.reference}`);
    process.exitCode = 1;
  } else log(`bench: check passed: ${ref.length} quarter x group rows x ${COUNT_COLUMNS.length} counts agree (reference took ${result.reference_seconds} s)`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function evaluate(results, startup) {
  const startupMs = startup.node_ms;
  const find = (size, command) => results.find((r) => r.size === size && r.command === command);
  const targets = [];
  for (const t of TARGETS) {
    const r = find(TARGET_SIZE, t.command);
    if (!r) continue;
    const wall = r.median_ms / 1000;
    const rss = r.peak_rss_kib / KiB_PER_GiB;
    targets.push({ target: `${t.command} wall time (median)`, limit: `<= ${t.wallS} s`, measured: `${wall.toFixed(2)} s`, value: wall, passed: wall <= t.wallS });
    if (r.peak_rss_kib > 0) targets.push({ target: `${t.command} peak RSS`, limit: `<= ${t.rssGiB} GiB`, measured: `${rss.toFixed(2)} GiB`, value: rss, passed: rss <= t.rssGiB });
  }
  const linearity = [];
  for (const command of COMMANDS) {
    const small = find(LINEARITY.small, command);
    const large = find(LINEARITY.large, command);
    if (!small || !large) continue;
    const k = LINEARITY.large / LINEARITY.small;
    const ratio = (small.median_ms - startupMs) / ((large.median_ms - startupMs) / k);
    // The same with the CLI's own start (module loading: `desist --version`) as the fixed cost.
    const ratioCli = (small.median_ms - startup.cli_ms) / ((large.median_ms - startup.cli_ms) / k);
    linearity.push({ command, ratio: Number(ratio.toFixed(3)), ratio_cli_startup: Number(ratioCli.toFixed(3)) });
    if (command === LINEARITY.command) {
      targets.push({
        target: `${command} linear in rows: (t(100k) - startup) / ((t(1M) - startup) / 10)`,
        limit: `${1 - LINEARITY.tolerance} to ${1 + LINEARITY.tolerance}`,
        measured: ratio.toFixed(2),
        value: ratio,
        passed: Math.abs(ratio - 1) <= LINEARITY.tolerance,
      });
    }
  }
  return { targets, linearity };
}

function markdown(res) {
  const m = res.machine;
  const L = [];
  L.push(`### Benchmark results (${res.date.slice(0, 10)})`);
  L.push('');
  L.push(
    `${m.cpu}, ${m.cores} cores, ${(m.memory_bytes / 2 ** 30).toFixed(1)} GiB RAM; Node ${m.node}; ${m.os}. ` +
      `Load average ${m.loadavg_start.map((x) => x.toFixed(2)).join(' ')} at the start, ${m.loadavg_end.map((x) => x.toFixed(2)).join(' ')} at the end.`,
  );
  L.push('');
  L.push(
    `\`${res.command_line}\`: each figure is the whole process (\`node bin/desist.js <command> <data> --format csv -o <file> --quiet\`), ` +
      `wall time the median and min of ${res.options.repeat} run${res.options.repeat === 1 ? '' : 's'}, peak RSS the largest of them (${res.rss_method === 'time' ? 'GNU time %M' : '/proc VmHWM polled every 20 ms'}). ` +
      `Node startup (\`node -e ""\`) ${secs(res.startup.node_ms)} s; CLI startup (\`desist --version\`) ${secs(res.startup.cli_ms)} s.`,
  );
  L.push('');
  L.push('| people | rows: cohort / charges / custody | command | wall median (s) | wall min (s) | peak RSS (MiB) |');
  L.push('|---:|---|---|---:|---:|---:|');
  for (const r of res.results) {
    const d = res.datasets.find((x) => x.size === r.size);
    L.push(`| ${thousands(r.size)} | ${thousands(d.rows.cohort)} / ${thousands(d.rows.charges)} / ${thousands(d.rows.custody)} | ${r.command} | ${secs(r.median_ms)} | ${secs(r.min_ms)} | ${r.peak_rss_kib ? mib(r.peak_rss_kib) : 'n/a'} |`);
  }
  L.push('');
  if (res.targets.length) {
    L.push(`Targets at ${thousands(TARGET_SIZE)} people:`);
    L.push('');
    L.push('| target | limit | measured | result |');
    L.push('|---|---|---:|---|');
    for (const t of res.targets) L.push(`| ${t.target} | ${t.limit} | ${t.measured} | ${t.passed ? 'PASS' : 'FAIL'} |`);
    L.push('');
  } else {
    L.push(`Targets not checked: they apply at ${thousands(TARGET_SIZE)} people${res.options.sizes.includes(TARGET_SIZE) ? '' : ', which this run did not include'}.`);
    L.push('');
  }
  if (res.linearity.length) {
    L.push(
      `Linearity, (t(100k) - startup) / ((t(1M) - startup) / 10), 1 = linear; the target applies to ${LINEARITY.command} with \`node -e ""\` as startup; ` +
        `the others are information, and the figure in brackets takes the CLI's startup instead: ` +
        `${res.linearity.map((x) => `${x.command} ${x.ratio.toFixed(2)} (${x.ratio_cli_startup.toFixed(2)})`).join(', ')}.`,
    );
    L.push('');
  }
  const c = res.check;
  if (c === null) L.push('Correctness check: skipped (--skip-check).');
  else
    L.push(
      c.passed
        ? `Correctness check: \`desist quarterly\` on ${thousands(c.size)} people agrees with \`bench/reference-quarterly.mjs\` on all ${c.rows_compared} quarter x group rows (${c.quarters}) x ${c.columns.length} counts.`
        : `Correctness check: FAILED, ${c.mismatches} mismatches between \`desist quarterly\` and \`bench/reference-quarterly.mjs\` on ${thousands(c.size)} people (see latest.json).`,
    );
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
    let checkResult = null;
    if (!o.skipCheck) {
      const d = ensureData(CHECK_SIZE, o.seed);
      datasets.push(d);
      checkResult = await check(d, ctx);
      if (checkResult === null) return;
    }

    const results = [];
    for (const size of o.sizes) {
      let d = datasets.find((x) => x.size === size);
      if (!d) {
        d = ensureData(size, o.seed);
        datasets.push(d);
      }
      for (const command of o.only) {
        const runs = [];
        for (let i = 0; i < o.repeat; i++) {
          const out = join(tmp, `${command}-${size}.csv`);
          const r = await runNode(['bin/desist.js', command, d.rel, '--format', 'csv', '-o', out, '--quiet'], ctx);
          if (r.code !== 0) {
            fail(`desist ${command} ${d.rel}`, r);
            return;
          }
          if (!existsSync(out) || statSync(out).size === 0) {
            log(`bench: desist ${command} ${d.rel} wrote no output to ${out}`);
            process.exitCode = 1;
            return;
          }
          rmSync(out, { force: true });
          runs.push({ ms: Number(r.ms.toFixed(1)), rss_kib: r.rssKiB });
          log(`bench: ${command} ${thousands(size)} run ${i + 1}/${o.repeat}: ${secs(r.ms)} s, ${r.rssKiB ? `${mib(r.rssKiB)} MiB` : 'RSS n/a'}`);
        }
        const ms = runs.map((r) => r.ms);
        results.push({
          size,
          command,
          median_ms: Number(median(ms).toFixed(1)),
          min_ms: Math.min(...ms),
          peak_rss_kib: Math.max(...runs.map((r) => r.rss_kib)),
          runs,
        });
      }
    }

    const { targets, linearity } = evaluate(results, startup);
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
      options: { sizes: o.sizes, repeat: o.repeat, seed: o.seed, only: o.only },
      rss_method: rssMethod,
      startup,
      datasets: datasets.map(({ size, rel, asOf, rows, bytes }) => ({ size, dir: rel, as_of: asOf, rows, bytes })),
      results,
      targets: targets.map(({ value: _value, ...t }) => t),
      linearity,
      check: checkResult,
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
