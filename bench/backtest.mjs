#!/usr/bin/env node
/**
 * Nowcast backtest (issue 16): does `desist quarterly --basis offence --nowcast` predict what the
 * provisional quarters will show once the late charges are in?
 *
 *   npm run backtest                         # build first; 5,000 people, cuts every month
 *   node bench/backtest.mjs --people 5000 --seed 1 --out bench/results/backtest
 *
 * 1. Generates an extract with realistic offence-to-charge lags
 *    (`bench/generate.mjs --lags realistic`: median about 36 days, long tail, capped at 540 days),
 *    as-of 2025-06-30.
 * 2. Takes the full extract's offence-basis desistance per quarter and group as the truth: every
 *    quarter ending by 2023-12-31 is final, since no lag exceeds 540 days.
 * 3. Cuts the extract at earlier as-of dates (the last day of each month from --first-cut to
 *    2023-12-31): only cohort rows, charges and custody episodes that had started by the cut are
 *    kept (what an extract taken that day would hold; later end dates read as open).
 * 4. Runs the real CLI on each cut with --nowcast and compares every provisional group-quarter
 *    with the truth: coverage of the 95% prediction intervals, and the mean absolute error of the
 *    nowcast and of the naive provisional figure.
 *
 * Writes OUT.json (every group-quarter) and OUT.md (the summary). Exit 0 when done; the targets
 * (coverage >= 90%, nowcast MAE below the naive MAE) are reported, and with --strict a miss exits 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const PEOPLE = Number(opt('people', 5000));
const SEED = Number(opt('seed', 1));
const OUT = opt('out', 'bench/results/backtest');
const FIRST_CUT = opt('first-cut', '2022-01-31');
const LAST_CUT = '2023-12-31';
const DRAWS = Number(opt('draws', 1000));
const STRICT = args.includes('--strict');
const DATA = join('bench', 'data', `backtest-${PEOPLE}-${SEED}`);

const cli = (argv) => {
  const r = spawnSync(process.execPath, ['bin/desist.js', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`desist ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

// 1. data
if (!existsSync(join(DATA, 'desist.json'))) {
  execFileSync(process.execPath, ['bench/generate.mjs', '--people', String(PEOPLE), '--seed', String(SEED), '--lags', 'realistic', '--out', DATA], { stdio: 'inherit' });
}
const read = (f) => readFileSync(join(DATA, f), 'utf8').split('\n').filter((l) => l.length > 0);
const files = { cohort: read('cohort.csv'), charges: read('charges.csv'), custody: read('custody.csv') };

// 2. truth
const key = (r) => `${r.quarter}|${r.group}`;
const truthRows = cli(['quarterly', DATA, '--basis', 'offence', '--as-of', '2025-06-30', '--from', '2021Q1', '--to', '2023Q4', '--format', 'json', '--quiet', '--reproducible']).rows;
const truth = new Map(truthRows.map((r) => [key(r), r.desistance]));

// 3-4. cuts
function monthEnds(from, to) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  for (;;) {
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (last > to) break;
    out.push(last);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
/** Rows of a CSV whose date column (index `col`) is on or before `cut`; ISO dates compare as text. */
const upTo = (lines, col, cut) => [lines[0], ...lines.slice(1).filter((l) => l.split(',')[col] <= cut)].join('\n') + '\n';
const quarterOf = (iso) => `${iso.slice(0, 4)}Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;

const results = [];
const cutDir = join(DATA, 'cut');
for (const cut of monthEnds(FIRST_CUT, LAST_CUT)) {
  mkdirSync(cutDir, { recursive: true });
  writeFileSync(join(cutDir, 'cohort.csv'), upTo(files.cohort, 1, cut));
  writeFileSync(join(cutDir, 'charges.csv'), upTo(files.charges, 1, cut));
  writeFileSync(join(cutDir, 'custody.csv'), upTo(files.custody, 1, cut));
  // report from a year before the cut so the provisional quarters are all there
  const from = quarterOf(new Date(Date.parse(cut) - 365 * 86400000).toISOString().slice(0, 10));
  const out = cli(['quarterly', cutDir, '--basis', 'offence', '--nowcast', '--nowcast-draws', String(DRAWS), '--as-of', cut, '--from', from, '--format', 'json', '--quiet', '--reproducible']);
  for (const r of out.rows) {
    if (!r.provisional || r.quarter_end > cut || r.desistance_nowcast === null) continue;
    const t = truth.get(key(r));
    if (t === undefined || t === null) continue;
    results.push({
      as_of: cut,
      quarter: r.quarter,
      group: r.group,
      months_after_quarter_end: Math.round((Date.parse(cut) - Date.parse(r.quarter_end)) / (30.44 * 86400000)),
      at_risk: r.at_risk,
      naive: r.desistance,
      nowcast: r.desistance_nowcast,
      ci_low: r.nowcast_ci_low,
      ci_high: r.nowcast_ci_high,
      truth: t,
      covered: r.nowcast_ci_low <= t + 1e-12 && t <= r.nowcast_ci_high + 1e-12,
    });
  }
}
rmSync(cutDir, { recursive: true, force: true });

// summary
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const summarise = (rs) => ({
  group_quarters: rs.length,
  coverage: mean(rs.map((r) => (r.covered ? 1 : 0))),
  mae_nowcast_points: 100 * mean(rs.map((r) => Math.abs(r.nowcast - r.truth))),
  mae_naive_points: 100 * mean(rs.map((r) => Math.abs(r.naive - r.truth))),
  mean_bias_nowcast_points: 100 * mean(rs.map((r) => r.nowcast - r.truth)),
  mean_bias_naive_points: 100 * mean(rs.map((r) => r.naive - r.truth)),
  mean_interval_width_points: 100 * mean(rs.map((r) => r.ci_high - r.ci_low)),
});
const all = summarise(results);
const byAge = [...new Set(results.map((r) => r.months_after_quarter_end))].sort((a, b) => a - b).map((m) => ({ months_after_quarter_end: m, ...summarise(results.filter((r) => r.months_after_quarter_end === m)) }));
const targets = { coverage_at_least_90: all.coverage >= 0.9, nowcast_mae_below_naive: all.mae_nowcast_points < all.mae_naive_points };
const summary = { people: PEOPLE, seed: SEED, lags: 'realistic', cuts: `${FIRST_CUT} .. ${LAST_CUT}, monthly`, draws: DRAWS, ...all, targets, by_months_after_quarter_end: byAge };
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(`${OUT}.json`, `${JSON.stringify({ summary, group_quarters: results }, null, 2)}\n`);
const f1 = (x) => x.toFixed(2);
const md = [
  `# Nowcast backtest`,
  '',
  `\`node bench/backtest.mjs --people ${PEOPLE} --seed ${SEED}\`: generated extract with realistic offence-to-charge lags, cut at the end of every month ${FIRST_CUT} .. ${LAST_CUT}, nowcast with ${DRAWS} draws; truth = the full extract (as-of 2025-06-30).`,
  '',
  '| provisional group-quarters | 95% PI coverage | MAE nowcast (pts) | MAE naive (pts) | bias nowcast (pts) | bias naive (pts) | mean PI width (pts) |',
  '|---|---|---|---|---|---|---|',
  `| ${all.group_quarters} | ${(100 * all.coverage).toFixed(1)}% | ${f1(all.mae_nowcast_points)} | ${f1(all.mae_naive_points)} | ${f1(all.mean_bias_nowcast_points)} | ${f1(all.mean_bias_naive_points)} | ${f1(all.mean_interval_width_points)} |`,
  '',
  '| months after quarter end | group-quarters | coverage | MAE nowcast | MAE naive | bias nowcast | bias naive |',
  '|---|---|---|---|---|---|---|',
  ...byAge.map((b) => `| ${b.months_after_quarter_end} | ${b.group_quarters} | ${(100 * b.coverage).toFixed(1)}% | ${f1(b.mae_nowcast_points)} | ${f1(b.mae_naive_points)} | ${f1(b.mean_bias_nowcast_points)} | ${f1(b.mean_bias_naive_points)} |`),
  '',
  `Targets: coverage >= 90%: ${targets.coverage_at_least_90 ? 'met' : 'MISSED'}; nowcast MAE below naive: ${targets.nowcast_mae_below_naive ? 'met' : 'MISSED'}.`,
  '',
].join('\n');
writeFileSync(`${OUT}.md`, md);
process.stdout.write(md);
if (STRICT && !(targets.coverage_at_least_90 && targets.nowcast_mae_below_naive)) process.exitCode = 1;
