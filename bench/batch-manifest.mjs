/**
 * The benchmark's batch manifest: 40 comparisons of treated vs comparison on one generated
 * dataset, as a researcher would write them: the whole cohort, then subgroups by age band, sex,
 * prior offences and risk score, and their crossings, one with a 24-month follow-up (a second
 * per-person pass), the rest at 12 months. Written as JSON (a manifest may be YAML or JSON)
 * next to the run's temporary files; returns its path.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const AGES = [
  ['18-24', { between: [18, 24] }],
  ['25-34', { between: [25, 34] }],
  ['35-44', { between: [35, 44] }],
  ['45+', { min: 45 }],
];
const SEX = [
  ['women', 'F'],
  ['men', 'M'],
];
const PRIORS = [
  ['no priors', 0],
  ['1-3 priors', [1, 2, 3]],
  ['4+ priors', { min: 4 }],
];
const RISK = [
  ['risk < 0.25', { max: 0.2499 }],
  ['risk 0.25-0.5', { between: [0.25, 0.4999] }],
  ['risk 0.5-0.75', { between: [0.5, 0.7499] }],
  ['risk >= 0.75', { min: 0.75 }],
];

export function comparisons() {
  const out = [{ name: 'all' }, { name: 'all, 24 months', 'follow-up': '24m' }];
  for (const [a, age] of AGES) out.push({ name: `age ${a}`, where: { age } });
  for (const [s, sex] of SEX) out.push({ name: s, where: { sex } });
  for (const [p, prior_offences] of PRIORS) out.push({ name: p, where: { prior_offences } });
  for (const [r, risk_score] of RISK) out.push({ name: r, where: { risk_score } });
  for (const [a, age] of AGES) for (const [s, sex] of SEX) out.push({ name: `${s} ${a}`, where: { age, sex } });
  for (const [a, age] of AGES) for (const [p, prior_offences] of PRIORS) out.push({ name: `age ${a}, ${p}`, where: { age, prior_offences } });
  for (const [s, sex] of SEX.slice(0, 1)) for (const [p, prior_offences] of PRIORS) out.push({ name: `${s}, ${p}`, where: { sex, prior_offences } });
  for (const [s, sex] of SEX) out.push({ name: `${s}, risk >= 0.75`, where: { sex, risk_score: RISK[3][1] } });
  return out;
}

export function batchManifest(d, tmp) {
  const file = join(tmp, 'batch-manifest.json');
  const list = comparisons();
  if (list.length !== 40) throw new Error(`bench/batch-manifest.mjs: ${list.length} comparisons, expected 40`);
  writeFileSync(file, JSON.stringify({ dataset: resolve(d.dir), defaults: { 'follow-up': '12m' }, comparisons: list }, null, 2));
  return file;
}
