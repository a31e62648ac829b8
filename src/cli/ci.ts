/**
 * `desist ci FIGURES...`: intervals and tests from published aggregate figures alone.
 *   desist ci 166/2660                 one proportion
 *   desist ci 62/178 85/178            two proportions, treated first
 *   desist ci 35%/178 48%/178          the same from percentages (x rounded, and said so)
 *   desist ci --rate 30/1200           an events/exposure rate (exact Poisson)
 *   desist ci --rate 30/1200 --rate 52/1310   two rates and their ratio (exact conditional)
 */
import { Command } from 'commander';
import { chooseFormat, DOCS_LINE, emit, helpExamples, makeMeta, type Ctx } from './context.js';
import { addOptions, ciMethodOpt, COMMON, diffMethodOpt, levelOpt, num, orMethodOpt, registerSpecs, resolveOptions, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { side, twoProportions, type ProportionMethods } from '../compare/proportions.js';
import { poissonExact } from '../stats/poisson-exact.js';
import { rateRatioExact } from '../stats/rate-ratio-exact.js';
import { rateRatioWald } from '../stats/rate-ratio-wald.js';
import { applyDisclosure, type CountRule } from '../report/disclosure.js';
import { footnoteMark, type Column, type HumanTable, type Output } from '../report/output.js';
import { fmtInt, fmtInterval, fmtNum, fmtP, fmtPct, fmtPoints, fmtRate, fmtRatio, fmtShare, MISSING } from '../report/numbers.js';
import { disagreement } from '../report/agreement.js';
import { quote } from '../core/text.js';

const CI_OPTS: OptSpec[] = [
  levelOpt,
  ciMethodOpt,
  diffMethodOpt,
  orMethodOpt,
  { flags: '--rate <events/exposure>', key: 'rate', description: 'an events/exposure rate (give twice to compare two rates, treated first)', cliOnly: true },
  { flags: '--rr-method <method>', key: 'rrMethod', description: 'rate ratio: exact (conditional binomial) or wald (log scale)', default: 'exact', choices: ['exact', 'wald'] },
  { flags: '--per <n>', key: 'per', description: 'express rates per N units of exposure (e.g. 1000)', default: 1, parse: num(1e-9, 1e12) },
];

const SPECS = registerSpecs([...CI_OPTS, ...COMMON.filter((s) => !['round'].includes(s.key))]);

interface Figure {
  x: number;
  n: number;
  fromPercent?: string;
}

const WHOLE = /^\d+$/;

function count(s: string, what: string, fig: string): number {
  const t = s.replace(/,/g, '');
  if (!WHOLE.test(t)) throw usageError(`figure ${quote(fig)}: ${what} must be a whole number, got ${quote(s)}`);
  // beyond 2^53 - 1 a count is no longer held exactly (9007199254740993 would read as ...992)
  if (BigInt(t) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw usageError(`figure ${quote(fig)}: ${what} is larger than ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest count desist holds exactly`);
  }
  return Number(t);
}

export function parseFigure(fig: string): Figure {
  const m = /^([^/]+)\/([^/]+)$/.exec(fig.trim());
  if (!m) throw usageError(`figure ${quote(fig)}: expected x/n, e.g. 166/2660 (or a percentage such as 35%/178)`);
  const n = count(m[2], 'n', fig);
  if (n === 0) throw usageError(`figure ${quote(fig)}: n must be at least 1`);
  const pm = /^(\d+(?:\.\d+)?)%$/.exec(m[1].trim());
  if (pm) {
    const p = Number(pm[1]);
    if (p > 100) throw usageError(`figure ${quote(fig)}: a percentage cannot exceed 100%`);
    return { x: Math.round((p / 100) * n), n, fromPercent: `${pm[1]}%` };
  }
  const x = count(m[1], 'x', fig);
  if (x > n) throw usageError(`figure ${quote(fig)}: x (${x}) cannot be larger than n (${n})`);
  return { x, n };
}

export function parseRate(r: string): { events: number; exposure: number } {
  const m = /^([^/]+)\/([^/]+)$/.exec(r.trim());
  if (!m) throw usageError(`rate ${quote(r)}: expected events/exposure, e.g. 30/1200`);
  const events = count(m[1], 'the number of events', r);
  const exposure = Number(m[2].replace(/,/g, ''));
  if (!Number.isFinite(exposure) || exposure <= 0) throw usageError(`rate ${quote(r)}: exposure must be a positive number, got ${quote(m[2])}`);
  return { events, exposure };
}

const RULES_ONE: CountRule[] = [
  { count: 'x', total: 'n', derived: ['proportion', 'ci_low', 'ci_high'] },
  { count: 'n', derived: ['proportion', 'ci_low', 'ci_high'] },
];
const EFFECTS = ['difference', 'risk_ratio', 'odds_ratio'].flatMap((e) => ['estimate', 'ci_low', 'ci_high'].map((k) => `${e}.${k}`));
const TEST = ['test.statistic', 'test.p_value'];
const RULES_TWO: CountRule[] = [
  { count: 'treated.n', derived: ['treated.proportion', 'treated.ci_low', 'treated.ci_high', ...EFFECTS, ...TEST] },
  { count: 'comparison.n', derived: ['comparison.proportion', 'comparison.ci_low', 'comparison.ci_high', ...EFFECTS, ...TEST] },
  { count: 'treated.x', total: 'treated.n', derived: ['treated.proportion', 'treated.ci_low', 'treated.ci_high', ...EFFECTS, ...TEST] },
  { count: 'comparison.x', total: 'comparison.n', derived: ['comparison.proportion', 'comparison.ci_low', 'comparison.ci_high', ...EFFECTS, ...TEST] },
];

/**
 * A human "estimate / interval / method" table, read from a row after disclosure control: a
 * null with a reason could not be estimated (the reason becomes a footnote); a null without
 * one was suppressed. An interval that disagrees with the test gets a footnote saying why.
 */
export function effectTable(r: ReturnType<typeof twoProportions>, level: number, title?: string): HumanTable {
  const t: HumanTable = { title, columns: EFFECT_COLUMNS, rows: [] };
  const none = (reason?: string) => (reason && reason !== 'suppressed' ? `${MISSING} (${reason})` : 'suppressed');
  const side = (s: typeof r.treated) =>
    s.x === null || s.n === null || s.proportion === null ? (s.reason && s.x !== null ? `${fmtInt(s.x)} of ${fmtInt(s.n)}: ${none(s.reason)}` : 'suppressed') : `${fmtShare(s.x, s.n, s.proportion)}`;
  const eff = (e: typeof r.difference, f: (v: number) => string) => (e.estimate === null ? none(e.reason) : f(e.estimate));
  const pct = (v: number) => fmtPct(v);
  const checked = (what: string, e: typeof r.difference, nullValue: number, f: (v: number) => string) => {
    const note = disagreement({ what, ci_low: e.ci_low, ci_high: e.ci_high, nullValue, intervalMethod: e.method, p_value: r.test.p_value, testName: r.test.name, level });
    const interval = fmtInterval(e.ci_low, e.ci_high, f);
    return note ? `${interval} ${footnoteMark(t, note)}` : interval;
  };
  t.rows = [
    { quantity: 'treated', estimate: side(r.treated), interval: fmtInterval(r.treated.ci_low, r.treated.ci_high, pct), method: r.treated.method },
    { quantity: 'comparison', estimate: side(r.comparison), interval: fmtInterval(r.comparison.ci_low, r.comparison.ci_high, pct), method: r.comparison.method },
    { quantity: 'difference (percentage points)', estimate: eff(r.difference, fmtPoints), interval: checked('difference', r.difference, 0, fmtPoints), method: r.difference.method },
    { quantity: 'risk ratio', estimate: eff(r.risk_ratio, fmtRatio), interval: checked('risk ratio', r.risk_ratio, 1, fmtRatio), method: r.risk_ratio.method },
    { quantity: 'odds ratio', estimate: eff(r.odds_ratio, fmtRatio), interval: checked('odds ratio', r.odds_ratio, 1, fmtRatio), method: r.odds_ratio.method },
    { quantity: 'test', estimate: r.test.p_value === null ? none(r.test.reason) : fmtP(r.test.p_value), interval: r.test.statistic === null ? '' : `statistic ${fmtNum(r.test.statistic, 3)}`, method: r.test.name },
  ];
  // a suppressed estimate has no interval to show
  for (const row of t.rows) if (row.estimate === 'suppressed' && row.interval === MISSING) row.interval = '';
  return t;
}

export const EFFECT_COLUMNS: Column[] = [
  { key: 'quantity', label: '', kind: 'text' },
  { key: 'estimate', label: 'estimate', kind: 'text' },
  { key: 'interval', label: 'interval', kind: 'text' },
  { key: 'method', label: 'method', kind: 'text' },
];

function ciOutput(figs: string[], rates: string[], o: Opts, meta: Output['meta']): Output {
  const level = o.level as number;
  const lvl = `${Math.round(level * 100)}%`;
  const m: ProportionMethods = { level, ciMethod: o.ciMethod as 'wilson', diffMethod: o.diffMethod as 'newcombe', orMethod: o.orMethod as 'woolf' };
  const base = { meta: { ...meta, level, ci_method: o.ciMethod }, warnings: [] as string[], notes: [] as string[], minCell: o.minCell as number };
  if (figs.length > 0 && rates.length > 0) throw usageError('give either proportions (x/n) or --rate figures, not both');
  if (figs.length > 2) throw usageError(`give one or two figures (treated first), got ${figs.length}`);
  if (rates.length > 2) throw usageError(`give --rate once or twice (treated first), got ${rates.length}`);
  if (figs.length === 0 && rates.length === 0) throw usageError('give a figure x/n (e.g. desist ci 166/2660), two figures, or --rate events/exposure');
  const parsed = figs.map(parseFigure);
  for (const [i, f] of parsed.entries()) {
    if (f.fromPercent) base.warnings.push(`figure ${quote(figs[i])}: x = ${f.x} is ${f.fromPercent} of ${f.n} rounded to a whole person; give x/n when the count is published`);
  }
  if (parsed.length === 1) {
    const { x, n } = parsed[0];
    const row: Record<string, unknown> = { ...side(x, n, m), level };
    applyDisclosure([row], RULES_ONE, { minCell: o.minCell as number, round: 0 });
    const cols: Column[] = [
      { key: 'x', label: 'x', kind: 'int' },
      { key: 'n', label: 'n', kind: 'int' },
      { key: 'proportion', label: 'proportion', kind: 'prop' },
      { key: 'ci', label: `${lvl} CI (%)`, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
      { key: 'method', label: 'method', kind: 'text' },
    ];
    const notes = row.proportion === null ? [] : [`${fmtInt(x)} of ${fmtInt(n)} is ${fmtPct(row.proportion as number)} (${lvl} CI ${fmtInterval(row.ci_low as number, row.ci_high as number, (v) => fmtPct(v))}, ${row.method}).`];
    return { ...base, rows: [row], tables: [{ columns: cols, rows: [row] }], notes };
  }
  if (parsed.length === 2) {
    const [a, b] = parsed;
    const r = twoProportions(a.x, a.n, b.x, b.n, m);
    const row: Record<string, unknown> = { ...r, level };
    applyDisclosure([row], RULES_TWO, { minCell: o.minCell as number, round: 0 });
    const d = r.difference;
    const notes =
      d.estimate === null || row.suppressed && (row.suppressed as string[]).length
        ? []
        : [
            `Treated ${fmtPct(r.treated.proportion)} vs comparison ${fmtPct(r.comparison.proportion)}: a difference of ${fmtPoints(d.estimate)} percentage points (${lvl} CI ${fmtInterval(d.ci_low, d.ci_high, fmtPoints)}); ${r.test.name} ${fmtP(r.test.p_value)}.`,
          ];
    return { ...base, rows: [row], tables: [effectTable(row as unknown as typeof r, level)], notes };
  }
  const per = o.per as number;
  const rs = rates.map(parseRate);
  const rateSide = (e: number, t: number) => {
    const p = poissonExact(e, t, level);
    const s = (v: number | null) => (v === null ? null : v * per);
    return { events: e, exposure: t, rate: s(p.estimate), ci_low: s(p.ci_low), ci_high: s(p.ci_high), method: p.method, per, ...(p.reason ? { reason: p.reason } : {}) };
  };
  const unit = per === 1 ? 'per unit of exposure' : `per ${fmtNum(per)} units of exposure`;
  const rateCols: Column[] = [
    { key: 'events', label: 'events', kind: 'int' },
    { key: 'exposure', label: 'exposure', kind: 'rate' },
    { key: 'rate', label: `rate ${unit}`, kind: 'text', right: true },
    { key: 'ci', label: `${lvl} CI`, kind: 'text', right: true },
    { key: 'method', label: 'method', kind: 'text' },
  ];
  /** A human rate row; `prefix` names the side in the parent row's `suppressed` list. */
  const rateHuman = (parent: Record<string, unknown>, prefix?: 'treated' | 'comparison') => {
    const r = (prefix ? parent[prefix] : parent) as Record<string, unknown>;
    const hidden = ((parent.suppressed as string[] | undefined) ?? []).filter((k) => !prefix || k.startsWith(`${prefix}.`)).map((k) => (prefix ? k.slice(prefix.length + 1) : k));
    const gone = hidden.includes('rate');
    return {
      ...r,
      quantity: prefix,
      suppressed: hidden,
      rate: gone ? 'suppressed' : fmtRate(r.rate as number | null),
      ci: gone ? 'suppressed' : r.rate === null && r.reason ? `${MISSING} (${r.reason as string})` : fmtInterval(r.ci_low as number | null, r.ci_high as number | null, fmtRate),
    };
  };
  if (rs.length === 1) {
    const row = rateSide(rs[0].events, rs[0].exposure) as Record<string, unknown>;
    applyDisclosure([row], [{ count: 'events', derived: ['rate', 'ci_low', 'ci_high'] }], { minCell: o.minCell as number, round: 0 });
    return { ...base, rows: [row], tables: [{ columns: rateCols, rows: [rateHuman(row)] }] };
  }
  const [t, c] = rs;
  const rr = o.rrMethod === 'wald' ? rateRatioWald(t.events, t.exposure, c.events, c.exposure, level) : rateRatioExact(t.events, t.exposure, c.events, c.exposure, level);
  const exact = o.rrMethod !== 'wald' ? rateRatioExact(t.events, t.exposure, c.events, c.exposure, level) : null;
  const row: Record<string, unknown> = {
    treated: rateSide(t.events, t.exposure),
    comparison: rateSide(c.events, c.exposure),
    rate_ratio: { estimate: rr.estimate, ci_low: rr.ci_low, ci_high: rr.ci_high, method: rr.method, ...(rr.reason ? { reason: rr.reason } : {}) },
    test: { name: 'exact conditional (binomial) test of equal rates', statistic: null, p_value: exact ? exact.p_value : rateRatioExact(t.events, t.exposure, c.events, c.exposure, level).p_value },
    level,
  };
  applyDisclosure([row], [
    { count: 'treated.events', derived: ['treated.rate', 'treated.ci_low', 'treated.ci_high', 'rate_ratio.estimate', 'rate_ratio.ci_low', 'rate_ratio.ci_high', 'test.p_value'] },
    { count: 'comparison.events', derived: ['comparison.rate', 'comparison.ci_low', 'comparison.ci_high', 'rate_ratio.estimate', 'rate_ratio.ci_low', 'rate_ratio.ci_high', 'test.p_value'] },
  ], { minCell: o.minCell as number, round: 0 });
  const rrd = row.rate_ratio as { estimate: number | null; ci_low: number | null; ci_high: number | null; method: string; reason?: string };
  const test = row.test as { name: string; p_value: number | null };
  const table: HumanTable = { columns: [{ key: 'quantity', label: '', kind: 'text' }, ...rateCols], rows: [] };
  const note = disagreement({ what: 'rate ratio', ci_low: rrd.ci_low, ci_high: rrd.ci_high, nullValue: 1, intervalMethod: rrd.method, p_value: test.p_value, testName: 'exact conditional binomial test', level });
  const rrInterval = fmtInterval(rrd.ci_low, rrd.ci_high, fmtRatio);
  const rrEstimate = rrd.estimate === null ? (rrd.reason && rrd.reason !== 'suppressed' ? `${MISSING} (${rrd.reason})` : 'suppressed') : fmtRatio(rrd.estimate);
  table.rows = [
    rateHuman(row, 'treated'),
    rateHuman(row, 'comparison'),
    // the ratio and the p-value sit in the rate column, as text
    { quantity: 'rate ratio', events: '', exposure: '', rate: rrEstimate, ci: note ? `${rrInterval} ${footnoteMark(table, note)}` : rrInterval, method: rrd.method },
    { quantity: 'test of equal rates', events: '', exposure: '', rate: fmtP(test.p_value), ci: '', method: 'exact conditional binomial' },
  ];
  const notes = rrd.estimate === null ? [] : [`Rate ratio ${fmtRatio(rrd.estimate)} (${lvl} CI ${rrInterval}, ${rrd.method}); test of equal rates ${fmtP(test.p_value)}.`];
  return { ...base, rows: [row], tables: [table], notes };
}

export function ciCommand(ctx: Ctx): Command {
  const cmd = new Command('ci')
    .description('intervals and tests from published aggregate figures alone (x/n, or --rate events/exposure)')
    .argument('[figures...]', 'x/n figures: one, or two (treated first)');
  addOptions(cmd, SPECS);
  // --rate may be given twice
  const rateOpt = cmd.options.find((op) => op.long === '--rate')!;
  rateOpt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  cmd.addHelpText(
    'after',
    `${helpExamples([
      'desist ci 166/2660  # "only 166 (6%) have reoffended": how sure is that 6%?',
      'desist ci 62/178 85/178  # 35% vs 48% of 356 randomised people, split equally',
      'desist ci 35%/178 48%/178  # the same from published percentages',
      'desist ci 62/178 85/178 --or-method exact --diff-method agresti-caffo',
      'desist ci --rate 30/1200 --rate 52/1310 --per 1000  # two rates: 30 events in 1,200 days vs 52 in 1,310',
    ])}\n${DOCS_LINE}`,
  );
  cmd.action(async (figures: string[]) => {
    const o = resolveOptions(cmd, SPECS, undefined);
    chooseFormat(o);
    const rates = (cmd.opts() as { rate?: string[] }).rate ?? [];
    const out = ciOutput(figures, rates, o, makeMeta(ctx, 'ci', SPECS, o, null));
    await emit(ctx, o, out);
  });
  return cmd;
}
