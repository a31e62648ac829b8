#!/usr/bin/env node
/**
 * The matching benchmark (part of `npm run bench`): desist match of 50,000 treated people in a
 * pool of 500,000 on 6 covariates (age, sex, prior_offences, risk_score, area, employed), timed
 * as a whole process (read the cohort, fit the propensity model, match, balance, write the
 * matched cohort). Target: under 10 s. The greedy search must not be quadratic; this is where
 * that shows.
 *
 *   node bench/match.mjs                   # after npm run build; 3 runs
 *   node bench/match.mjs --repeat 1 --treated 5000 --pool 50000
 *
 * Data: bench/data/match-<treated>-<pool>/cohort.csv (git-ignored), generated here with a seeded
 * generator and reused. Writes bench/results/match.json and prints one markdown line per run.
 * Plain Node ESM, built-ins only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TARGET_S = 10;

function args(argv) {
  const o = { treated: 50000, pool: 500000, repeat: 3, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in o)) throw new Error(`unknown option ${argv[i]} (options: --treated N --pool N --repeat N --seed S)`);
    o[k] = Number(argv[++i]);
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`--${k}: expected a whole number >= 1`);
  }
  return o;
}

/** mulberry32: a small seeded generator, so the data are the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A pool with selection on the covariates: treated people are younger, with more priors and
 * higher risk, as in a diversion scheme. Exactly `treated` treated and `pool` comparison people.
 */
async function generate(file, o) {
  const r = rng(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const areas = ['north', 'south', 'east', 'west'];
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? null : new Promise((res) => out.once('drain', res)));
  await write('person_id,cohort_start,group,age,sex,prior_offences,risk_score,area,employed\n');
  let t = 0;
  let c = 0;
  const total = o.treated + o.pool;
  for (let i = 0; i < total; ) {
    const age = Math.max(16, Math.round(32 + 10 * normal()));
    const sex = r() < 0.8 ? 'M' : 'F';
    const priors = Math.floor(-Math.log(1 - r()) * 2.5);
    const risk = Math.min(0.999, Math.max(0.001, 1 / (1 + Math.exp(-(-1 + 0.25 * priors + 0.5 * normal())))));
    const area = areas[Math.floor(r() * 4)];
    const employed = r() < 0.4 ? 1 : 0;
    const lp = -2.6 - 0.03 * (age - 32) + 0.2 * priors + 0.3 * (sex === 'M') + 0.8 * risk + 0.3 * (area === 'north') - 0.4 * employed;
    const isTreated = r() < 1 / (1 + Math.exp(-lp));
    if (isTreated ? t >= o.treated : c >= o.pool) continue;
    if (isTreated) t++;
    else c++;
    const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(r() * 1000) * 86400000).toISOString().slice(0, 10);
    const p = write(`P${String(i).padStart(7, '0')},${day},${isTreated ? 'treated' : 'comparison'},${age},${sex},${priors},${risk.toFixed(3)},${area},${employed}\n`);
    if (p) await p;
    i++;
  }
  await new Promise((res) => out.end(res));
}

async function main() {
  const o = args(process.argv.slice(2));
  const dir = join(ROOT, 'bench', 'data', `match-${o.treated}-${o.pool}-${o.seed}`);
  const cohort = join(dir, 'cohort.csv');
  if (!existsSync(cohort)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`bench: generating ${cohort}\n`);
    await generate(cohort, o);
  }
  const tmp = mkdtempSync(join(os.tmpdir(), 'desist-match-bench-'));
  const runs = [];
  try {
    for (let i = 0; i < o.repeat; i++) {
      const argv = ['bin/desist.js', 'match', '--cohort', cohort, '--covariates', 'age,sex,prior_offences,risk_score,area,employed', '--format', 'csv', '-o', join(tmp, 'balance.csv'), '--write-cohort', join(tmp, 'matched.csv'), '--quiet'];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0) {
        process.stderr.write(`bench: desist match failed (exit ${r.status}):\n${r.stderr}`);
        process.exitCode = 1;
        return;
      }
      runs.push(Number(s.toFixed(2)));
      process.stderr.write(`bench: match ${o.treated.toLocaleString('en-GB')} treated, pool ${o.pool.toLocaleString('en-GB')}, run ${i + 1}/${o.repeat}: ${s.toFixed(2)} s\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const res = { date: new Date().toISOString(), treated: o.treated, pool: o.pool, covariates: 6, runs_s: runs, median_s: median, target_s: TARGET_S, passed: median < TARGET_S, loadavg: os.loadavg(), cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'match.json'), `${JSON.stringify(res, null, 2)}\n`);
  process.stdout.write(`\n| match | treated | pool | covariates | median s | runs s | target | |\n|---|---:|---:|---:|---:|---|---:|---|\n| desist match | ${o.treated} | ${o.pool} | 6 | ${median} | ${runs.join(', ')} | < ${TARGET_S} s | ${res.passed ? 'PASS' : 'FAIL'} |\n`);
}

main().catch((e) => {
  process.stderr.write(`bench/match.mjs: ${e.message}\n`);
  process.exitCode = 1;
});
