/**
 * Chart specifications for the HTML report: Vega-Lite specs built from exactly the rows the
 * CLI's JSON gives (after disclosure control). Pure: no vega here (svg.ts renders them).
 *
 * Every drawn point carries a `description` (the SVG mark's aria-label) of the form
 * `group | key | series: value`, so a test can match each mark against the JSON row it came
 * from. A value that is null (suppressed, or not estimable) is not drawn, and the chart's
 * `omitted` count says how many were left out.
 */

/** Okabe-Ito colours that keep 3:1 contrast against white (WCAG 1.4.11 for graphics). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56780F', '#8A6D00'];
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down'];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export interface ChartSpec {
  /** stable id, used for the figure and its title/desc elements */
  id: string;
  title: string;
  /** text alternative: what the chart shows, in words */
  desc: string;
  /** what was left out of the drawing and why (shown under the chart) */
  omitted: string[];
  /** how many point marks carry a description (the test counts them) */
  points: number;
  vl: Record<string, unknown>;
}

export type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** 4 decimals: enough for a test to tell a mark from its neighbour, short enough to read. */
export const markValue = (v: number): string => String(Math.round(v * 1e4) / 1e4);

/** The shared look: system fonts, dark text (AA contrast), no chart border. */
export const CHART_CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: null },
  axis: { labelColor: '#333333', titleColor: '#1a1a1a', gridColor: '#e3e3e3', domainColor: '#767676', tickColor: '#767676', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelLimit: 320, labelColor: '#1a1a1a', titleColor: '#1a1a1a', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal' },
  header: { labelColor: '#1a1a1a', labelFontSize: 13, labelFontWeight: 'bold', titleFontSize: 0 },
  title: { color: '#1a1a1a' },
  text: { color: '#1a1a1a' },
};

const groupName = (g: unknown) => (g === null || g === undefined ? 'all' : String(g));

function scaleFor(domain: string[], range: unknown[]) {
  return { domain, range: domain.map((_, i) => range[i % range.length]) };
}

const NOWCAST_SERIES = 'nowcast of provisional quarters';

/**
 * The nowcast drawn on a provisional quarter: `desistance_nowcast` of a row with `provisional`
 * true (a complete quarter's nowcast is its observed value, already drawn), its band from
 * `nowcast_ci_low` to `nowcast_ci_high`. Null when the row has no nowcast fields.
 */
function nowcastPoint(r: Row): [string, unknown, unknown, unknown] | null {
  if (!r.provisional || !('desistance_nowcast' in r)) return null;
  return [NOWCAST_SERIES, r.desistance_nowcast, r.nowcast_ci_low, r.nowcast_ci_high];
}

/**
 * Quarterly desistance, adjusted and unadjusted, one panel per group; with `--basis offence
 * --nowcast`, the nowcast of each provisional quarter with its prediction interval as a band
 * (and an interval rule per quarter, whose aria-label gives both ends).
 */
export function quarterlyChart(rows: Row[], o: { level: number; minCell: number; custodyMode: string }): ChartSpec {
  const nowcast = rows.some((r) => 'desistance_nowcast' in r);
  const SERIES = ['adjusted (at risk)', 'unadjusted (all eligible)', ...(nowcast ? [NOWCAST_SERIES] : [])];
  const quarters = [...new Set(rows.map((r) => String(r.quarter)))];
  const groups = [...new Set(rows.map((r) => groupName(r.group)))];
  const values: Row[] = [];
  let omitted = 0;
  let bandsOmitted = 0;
  const lvl = `${Math.round(o.level * 100)}%`;
  for (const r of rows) {
    const pairs: [string, unknown, unknown, unknown][] = [
      [SERIES[0], r.desistance, r.ci_low, r.ci_high],
      [SERIES[1], r.desistance_unadjusted, r.ci_low_unadjusted, r.ci_high_unadjusted],
    ];
    const nc = nowcastPoint(r);
    if (nc) pairs.push(nc);
    for (const [series, v, lo, hi] of pairs) {
      const value = num(v);
      if (value === null) omitted++;
      const low = value === null ? null : num(lo);
      const high = value === null ? null : num(hi);
      const band = series === NOWCAST_SERIES && low !== null && high !== null;
      if (series === NOWCAST_SERIES && value !== null && !band) bandsOmitted++;
      values.push({
        group: groupName(r.group),
        quarter: String(r.quarter),
        series,
        status: r.provisional ? 'provisional' : 'final',
        value,
        low,
        high,
        label: value === null ? null : `${groupName(r.group)} | ${String(r.quarter)} | ${series}: ${markValue(value)}`,
        interval: band ? `${groupName(r.group)} | ${String(r.quarter)} | ${series} ${lvl} prediction interval: ${markValue(low)} to ${markValue(high)}` : null,
      });
    }
  }
  const provisional = rows.some((r) => r.provisional);
  const x = { field: 'quarter', type: 'ordinal', sort: quarters, title: null, axis: { labelAngle: -45, labelOverlap: true } };
  const colour = { field: 'series', type: 'nominal', title: null, scale: scaleFor(SERIES, PALETTE), legend: { title: null } };
  const points = values.filter((v) => v.value !== null).length;
  const series = (channel: unknown[]) => ({ field: 'series', type: 'nominal', scale: scaleFor(SERIES, channel) });
  const layer = [
    ...SERIES.map((name, i) => ({
      transform: [{ filter: { field: 'series', equal: name } }],
      mark: { type: 'area', opacity: name === NOWCAST_SERIES ? 0.22 : 0.12, color: PALETTE[i] },
      encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
    })),
    ...(nowcast
      ? [
          {
            transform: [{ filter: 'datum.interval !== null' }],
            mark: { type: 'rule', strokeWidth: 1.5, color: PALETTE[2] },
            encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, description: { field: 'interval', type: 'nominal' } },
          },
        ]
      : []),
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: 'not charged in the quarter', axis: { format: '.0%' }, scale: { zero: false } }, color: { ...colour, legend: { title: null, symbolType: 'stroke' } }, strokeDash: { ...series(DASHES), legend: { title: null, symbolType: 'stroke' } } },
    },
    ...(['final', 'provisional'] as const).map((status) => ({
      transform: [{ filter: `datum.status === '${status}'` }],
      mark: { type: 'point', filled: status === 'final', size: 40, strokeWidth: 1.5, ...(status === 'provisional' ? { fill: '#ffffff', fillOpacity: 1 } : {}) },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative' },
        color: colour,
        shape: { ...series(SHAPES), legend: null },
        description: { field: 'label', type: 'nominal' },
      },
    })),
  ];
  const body = { width: groups.length > 1 ? 300 : 620, height: 220, layer };
  const vl = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    ...(groups.length > 1 ? { facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups } }, spec: body, resolve: { scale: { y: 'shared' } } } : body),
  };
  const provisionalQuarters = [...new Set(rows.filter((r) => r.provisional).map((r) => String(r.quarter)))];
  const omittedText: string[] = [];
  if (omitted > 0) omittedText.push(`${omitted} of ${values.length} points not drawn: ${o.minCell > 0 ? `suppressed because a count behind them is below ${o.minCell} (--min-cell), or` : ''} not estimable (nobody eligible or at risk${nowcast ? ', or no nowcast' : ''}).`);
  if (bandsOmitted > 0) omittedText.push(`${bandsOmitted} nowcast prediction intervals not drawn: not available for that quarter.`);
  return {
    id: 'chart-quarterly',
    title: nowcast ? 'Quarterly desistance, adjusted and unadjusted, with the nowcast of provisional quarters' : 'Quarterly desistance, adjusted and unadjusted',
    desc:
      `Share of people not charged in each quarter from ${quarters[0]} to ${quarters[quarters.length - 1]}, ${groups.length > 1 ? `one panel per group (${groups.join(', ')})` : 'for the whole cohort'}. ` +
      `Solid line, circles: adjusted (people with at least one liberty day, --custody ${o.custodyMode}); dashed line, squares: unadjusted (everyone eligible). Shaded bands: ${lvl} confidence intervals.` +
      (provisional ? ' Open symbols mark provisional quarters.' : '') +
      (nowcast && provisionalQuarters.length > 0
        ? ` Dotted line, triangles, on the provisional quarters only (${provisionalQuarters.join(', ')}): the nowcast, the adjusted desistance expected once late charges have arrived, with its ${lvl} prediction interval as a darker band and a vertical rule.`
        : nowcast
          ? ' No quarter is provisional, so there is no nowcast to draw.'
          : ''),
    omitted: omittedText,
    points,
    vl,
  };
}

/** Evenly spaced days for the number-at-risk row (about five marks across the curve). */
export function riskTimes(maxTime: number): number[] {
  const step = maxTime <= 400 ? 90 : maxTime <= 800 ? 180 : 365;
  const out: number[] = [];
  for (let t = 0; t <= maxTime; t += step) out.push(t);
  return out;
}

/**
 * The number at risk at day t: the n_risk of the group's first curve row at or after t (the
 * curve has a row at every event and censoring time, so nobody leaves in between); 0 after
 * the last row; null when that row's count is suppressed.
 */
export function atRisk(curve: Row[], t: number): number | null {
  const r = curve.find((c) => (c.time as number) >= t);
  if (!r) return 0;
  return num(r.n_risk);
}

/**
 * The days the curve is read at under --min-cell (as `followup --curve --at DAYS`): every 30
 * days when the number-at-risk row is every 90 (60 for 180, 73 for 365), so the row's days are
 * among them, and the curve's last day.
 * @example
 * curveGrid(366); // [30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360, 366]
 */
export function curveGrid(maxTime: number): number[] {
  const risk = riskTimes(maxTime);
  const step = risk.length > 1 ? risk[1] : 90;
  const every = step === 365 ? 73 : step / 3;
  const out: number[] = [];
  for (let t = every; t <= maxTime; t += every) out.push(t);
  if (maxTime > 0 && out[out.length - 1] !== maxTime) out.push(maxTime);
  return out;
}

/** What was left out of the curve read at fixed days, and why. */
export interface GridPoints {
  /** the rows drawn (a subset of the `--at` rows, in their order) */
  drawn: Row[];
  /** rows whose survival the JSON rows suppress (or cannot estimate) */
  suppressed: number;
  /** rows not drawn because fewer than K reoffences fell since the group's previous point drawn */
  differenced: number;
}

/**
 * The points of `followup --curve --at DAYS --min-cell K` rows that may be drawn: a row whose
 * survival is suppressed is not drawn, nor one where the reoffences since the group's previous
 * drawn point (the difference of the cumulative `n_event`) number from 1 to K-1, since two
 * survival figures and the number at risk would give that count back. Day 0 (everyone, no
 * reoffence) is the first point of each group.
 */
export function gridPoints(atRows: Row[], minCell: number): GridPoints {
  const drawn: Row[] = [];
  let suppressed = 0;
  let differenced = 0;
  const last = new Map<string, number>();
  for (const r of atRows) {
    const g = groupName(r.group);
    const s = num(r.survival);
    const events = num(r.n_event);
    if (s === null || events === null) {
      suppressed++;
      continue;
    }
    const since = events - (last.get(g) ?? 0);
    if (minCell > 0 && since > 0 && since < minCell) {
      differenced++;
      continue;
    }
    last.set(g, events);
    drawn.push(r);
  }
  return { drawn, suppressed, differenced };
}

/**
 * Numbers at risk safe to print under --min-cell: one that differs from the group's previous
 * printed number by 1 to K-1 is withheld (null), since the difference counts the people who
 * reoffended or left follow-up in between.
 * @example
 * gateRisk([1000, 995, 900, 897, 0], 10); // [1000, null, 900, null, 0]
 */
export function gateRisk(ns: (number | null)[], minCell: number): (number | null)[] {
  let previous: number | null = null;
  return ns.map((n) => {
    if (n === null) return null;
    if (minCell > 0 && previous !== null && previous - n > 0 && previous - n < minCell) return null;
    previous = n;
    return n;
  });
}

/** The number at risk per group at the row's days, from the step rows, gated under --min-cell. */
export function riskRow(curveRows: Row[], minCell: number): { group: string; day: number; n: number | null }[] {
  const groups = [...new Set(curveRows.map((r) => groupName(r.group)))];
  const times = riskTimes(Math.max(0, ...curveRows.map((r) => r.time as number)));
  return groups.flatMap((g) => {
    const rows = curveRows.filter((r) => groupName(r.group) === g);
    const ns = gateRisk(times.map((t) => atRisk(rows, t)), minCell);
    return times.map((day, i) => ({ group: g, day, n: ns[i] }));
  });
}

/**
 * Kaplan-Meier curves per group with bands, and the number at risk below. Without --min-cell
 * the curve is the step rows of `followup --curve`; with it, every step of the exact curve
 * holds fewer than K reoffences on most data, so the curve is drawn from the rows of
 * `followup --curve --at DAYS` (`atRows`, DAYS from curveGrid), each drawn point a mark whose
 * aria-label gives its value.
 */
export function survivalChart(curveRows: Row[], o: { level: number; minCell: number; clock: string; followUp: string }, atRows: Row[] | null = null): ChartSpec {
  const groups = [...new Set(curveRows.map((r) => groupName(r.group)))];
  const values: Row[] = [];
  const risk: Row[] = [];
  let omitted = 0;
  const maxTime = Math.max(0, ...curveRows.map((r) => r.time as number));
  const times = riskTimes(maxTime);
  const grid = atRows ? gridPoints(atRows, o.minCell) : null;
  for (const g of groups) {
    // every curve starts at 1 on day 0 (a definition, not a count)
    values.push({ group: g, time: 0, survival: 1, low: 1, high: 1, label: null });
    if (grid) {
      for (const r of grid.drawn.filter((d) => groupName(d.group) === g)) {
        const s = num(r.survival) as number;
        values.push({ group: g, time: r.day, survival: s, low: num(r.ci_low), high: num(r.ci_high), label: `${g} | day ${String(r.day)} | not reoffended: ${markValue(s)}` });
      }
    } else {
      for (const r of curveRows.filter((c) => groupName(c.group) === g)) {
        const s = num(r.survival);
        if (s === null) omitted++;
        values.push({ group: g, time: r.time, survival: s, low: num(r.ci_low), high: num(r.ci_high), label: null });
      }
    }
  }
  for (const { group: g, day: t, n } of riskRow(curveRows, o.minCell)) {
    risk.push({ group: g, time: t, n: n === null ? `<${o.minCell}` : n.toLocaleString('en-GB'), label: `${g} | day ${t} | at risk: ${n === null ? 'suppressed' : n}` });
  }
  const xScale = { domain: [0, Math.max(times[times.length - 1] ?? 0, maxTime)], nice: false };
  const x = { field: 'time', type: 'quantitative', scale: xScale, title: `${o.clock} days since the index date`, axis: { values: times } };
  // the y axis spans the drawn bands; with nothing drawn (all suppressed), 0 to 100%
  const lows = values.map((v) => v.low).filter((v): v is number => typeof v === 'number' && v < 1);
  const yDomain = [lows.length ? Math.max(0, Math.floor(Math.min(...lows) * 10) / 10) : 0, 1];
  const byGroup = (channel: unknown[], legend: unknown = null) => ({ field: 'group', type: 'nominal', title: null, scale: scaleFor(groups, channel), legend });
  const curve = {
    width: 620,
    height: 240,
    layer: [
      ...groups.map((g, i) => ({
        transform: [{ filter: { field: 'group', equal: g } }],
        mark: { type: 'area', opacity: 0.16, interpolate: 'step-after', color: PALETTE[i % PALETTE.length] },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      })),
      ...(grid
        ? [
            {
              transform: [{ filter: 'datum.label !== null' }],
              mark: { type: 'point', filled: true, size: 24 },
              encoding: { x, y: { field: 'survival', type: 'quantitative' }, color: byGroup(PALETTE), shape: byGroup(SHAPES), description: { field: 'label', type: 'nominal' } },
            },
          ]
        : []),
      {
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'survival', type: 'quantitative', title: 'not yet reoffended', axis: { format: '.0%' }, scale: { domain: yDomain } },
          color: byGroup(PALETTE, { title: null, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 }),
          strokeDash: byGroup(DASHES, { title: null, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 }),
        },
      },
    ],
  };
  const table = {
    width: 620,
    height: 18 * groups.length + 4,
    data: { values: risk },
    title: { text: 'Number at risk', anchor: 'start', fontSize: 12, fontWeight: 'normal', color: '#1a1a1a' },
    encoding: {
      x: { field: 'time', type: 'quantitative', scale: xScale, axis: null },
      y: { field: 'group', type: 'nominal', sort: groups, title: null, axis: { domain: false, ticks: false, labelFontSize: 11, labelPadding: 20 } },
      text: { field: 'n', type: 'nominal' },
      description: { field: 'label', type: 'nominal' },
    },
    // dark ink: coloured 11px text would miss the 4.5:1 contrast text needs
    mark: { type: 'text', fontSize: 11, color: '#1a1a1a' },
  };
  const vl = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: [{ data: { values }, ...curve }, table],
    spacing: 8,
  };
  return {
    id: 'chart-survival',
    title: 'Time to first reoffence (Kaplan-Meier)',
    desc: `Share of each group (${groups.join(', ')}) not yet charged with a reoffence, by ${o.clock} days since the index date, over the ${o.followUp} follow-up window, with ${Math.round(o.level * 100)}% confidence bands (log-log). Groups differ in colour and line pattern. The number still at risk at day ${times.join(', ')} is printed below the curves.${grid && atRows ? ` Under --min-cell ${o.minCell} the curve is read at days ${[...new Set(atRows.map((r) => String(r.day)))].join(', ')} (the rows of desist followup --curve --at), each point marked.` : ''}`,
    omitted: grid && atRows ? gridOmitted(grid, atRows, curveRows, o.minCell) : omitted > 0 ? [`${omitted} of ${curveRows.length} curve steps not drawn: not estimable.`] : [],
    points: risk.length + (grid ? grid.drawn.length : 0),
    vl,
  };
}

/** The "Not drawn" lines of the curve read at fixed days under --min-cell. */
function gridOmitted(grid: GridPoints, atRows: Row[], curveRows: Row[], minCell: number): string[] {
  const steps = curveRows.filter((r) => num(r.survival) === null).length;
  const out = [
    `the exact step curve: ${steps} of its ${curveRows.length} steps are suppressed (fewer than ${minCell} people reoffended, were censored or were at risk at that step, --min-cell ${minCell}); the curve is read instead at ${atRows.length / Math.max(1, new Set(atRows.map((r) => groupName(r.group))).size)} fixed days per group (desist followup --curve --at).`,
  ];
  const not = grid.suppressed + grid.differenced;
  if (not > 0) {
    const why = [
      grid.suppressed > 0 ? `${grid.suppressed} suppressed in those rows (fewer than ${minCell} at risk or reoffended by then)` : '',
      grid.differenced > 0 ? `${grid.differenced} because fewer than ${minCell} people reoffended since the previous point drawn (the two points would give that count back)` : '',
    ].filter((x) => x !== '');
    out.push(`${not} of ${atRows.length} of those points not drawn: ${why.join('; ')}.`);
  }
  return out;
}

/** One covariate's balance before and after matching (from `desist match`). */
export interface BalanceRow {
  covariate: string;
  before: number | null;
  after: number | null;
}

/** Standardised mean differences before and after matching, with the 0.1 line. */
export function balanceChart(rows: BalanceRow[]): ChartSpec {
  const SERIES = ['before matching', 'after matching'];
  const values: Row[] = [];
  let omitted = 0;
  for (const r of rows) {
    for (const [series, v] of [[SERIES[0], r.before], [SERIES[1], r.after]] as const) {
      if (v === null) {
        omitted++;
        continue;
      }
      values.push({ covariate: r.covariate, series, smd: Math.abs(v), label: `${r.covariate} | ${series}: ${markValue(v)}` });
    }
  }
  const max = Math.max(0.25, ...values.map((v) => v.smd as number));
  const vl = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: Math.max(60, 24 * rows.length),
    layer: [
      { data: { values: [{ x: 0.1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555555' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'smd', type: 'quantitative', title: 'absolute standardised mean difference', scale: { domain: [0, max] } },
          y: { field: 'covariate', type: 'nominal', sort: rows.map((r) => r.covariate), title: null },
          color: { field: 'series', type: 'nominal', scale: scaleFor(SERIES, PALETTE), legend: { title: null } },
          shape: { field: 'series', type: 'nominal', scale: scaleFor(SERIES, SHAPES), legend: { title: null } },
          description: { field: 'label', type: 'nominal' },
        },
      },
    ],
  };
  return {
    id: 'chart-balance',
    title: 'Covariate balance before and after matching',
    desc: `Absolute standardised mean difference of each covariate (${rows.map((r) => r.covariate).join(', ')}) between the treated and comparison groups, before matching (circles) and after (squares). The dashed line marks 0.1; differences above it are usually taken as imbalance.`,
    omitted: omitted > 0 ? [`${omitted} values not drawn: not available in the balance table.`] : [],
    points: values.length,
    vl,
  };
}

/** One comparison of a batch (from `desist batch`): a difference with its interval. */
export interface ForestRow {
  label: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** A forest plot of the batch's differences, with the no-difference line. */
export function forestChart(rows: ForestRow[], o: { level: number; measure: string }): ChartSpec {
  const drawn = rows.filter((r) => r.estimate !== null && r.low !== null && r.high !== null);
  const values = drawn.map((r) => ({ ...r, label: r.label, text: `${r.label}: ${markValue(r.estimate as number)}` }));
  const y = { field: 'label', type: 'nominal', sort: rows.map((r) => r.label), title: null, axis: { labelLimit: 280 } };
  const vl = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: Math.max(60, 26 * rows.length),
    layer: [
      { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#555555' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'rule', strokeWidth: 2, color: PALETTE[0] }, encoding: { x: { field: 'low', type: 'quantitative', title: o.measure, axis: { format: '+.0%' } }, x2: { field: 'high' }, y } },
      { data: { values }, mark: { type: 'point', filled: true, shape: 'square', size: 70, color: PALETTE[0] }, encoding: { x: { field: 'estimate', type: 'quantitative' }, y, description: { field: 'text', type: 'nominal' } } },
    ],
  };
  return {
    id: 'chart-forest',
    title: 'Batch of comparisons (forest plot)',
    desc: `Each row is one comparison of the batch: the square is the estimated ${o.measure}, the line its ${Math.round(o.level * 100)}% confidence interval; the vertical line marks no difference.`,
    omitted: rows.length > drawn.length ? [`${rows.length - drawn.length} of ${rows.length} comparisons not drawn: suppressed or not estimable.`] : [],
    points: values.length,
    vl,
  };
}

/** A step's label on the waterfall's axis: `2. custody`. */
export const stepLabel = (r: Row): string => `${String(r.step)}. ${String(r.name)}`;

/**
 * A waterfall of `desist explain`'s steps, one panel per group: a point at each step's figure
 * (`desistance`), a floating bar from the previous step's figure to this one (the step's
 * `change_points`), and the step's interval (`ci_low` to `ci_high`; a prediction interval for
 * the nowcast of a provisional quarter). Built from explain's JSON rows only; a suppressed or
 * undefined figure is not drawn, nor the bars that would start or end at it.
 */
export function waterfallChart(rows: Row[], o: { level: number; minCell: number; quarter: string }): ChartSpec {
  const groups = [...new Set(rows.map((r) => groupName(r.group)))];
  const steps = [...new Set(rows.map(stepLabel))];
  const lvl = `${Math.round(o.level * 100)}%`;
  const values: Row[] = [];
  let omitted = 0;
  for (const g of groups) {
    const mine = rows.filter((r) => groupName(r.group) === g);
    mine.forEach((r, i) => {
      const value = num(r.desistance);
      const prev = i > 0 ? num(mine[i - 1].desistance) : null;
      const change = num(r.change_points);
      if (value === null) omitted++;
      const low = value === null ? null : num(r.ci_low);
      const high = value === null ? null : num(r.ci_high);
      const kind = r.interval === 'prediction' ? 'prediction' : 'confidence';
      values.push({
        group: g,
        step: stepLabel(r),
        value,
        prev: value !== null && prev !== null && change !== null ? prev : null,
        low,
        high,
        direction: change === null ? null : change < 0 ? 'lowers the figure' : 'raises the figure (or no change)',
        label: value === null ? null : `${g} | ${stepLabel(r)}: ${markValue(value)}`,
        bar: value !== null && prev !== null && change !== null ? `${g} | ${stepLabel(r)} change: ${change} points` : null,
        interval: low !== null && high !== null ? `${g} | ${stepLabel(r)} ${lvl} ${kind} interval: ${markValue(low)} to ${markValue(high)}` : null,
      });
    });
  }
  const x = { field: 'step', type: 'ordinal', sort: steps, title: null, axis: { labelAngle: -30, labelLimit: 160 } };
  const DIRECTIONS = ['lowers the figure', 'raises the figure (or no change)'];
  const body = {
    width: groups.length > 1 ? 300 : 560,
    height: 220,
    layer: [
      {
        transform: [{ filter: 'datum.bar !== null' }],
        mark: { type: 'bar', width: 28, opacity: 0.85 },
        encoding: {
          x,
          y: { field: 'prev', type: 'quantitative', title: `not charged in ${o.quarter}`, axis: { format: '.1%' }, scale: { zero: false } },
          y2: { field: 'value' },
          color: { field: 'direction', type: 'nominal', scale: scaleFor(DIRECTIONS, [PALETTE[1], PALETTE[0]]), legend: { title: 'change from the previous step', titleLimit: 400, orient: 'bottom' } },
          description: { field: 'bar', type: 'nominal' },
        },
      },
      {
        transform: [{ filter: 'datum.interval !== null' }],
        mark: { type: 'rule', strokeWidth: 1.5, color: '#333333' },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, description: { field: 'interval', type: 'nominal' } },
      },
      {
        transform: [{ filter: 'datum.label !== null' }],
        mark: { type: 'point', filled: true, size: 50, color: '#1a1a1a', shape: 'diamond' },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, description: { field: 'label', type: 'nominal' } },
      },
    ],
  };
  const vl = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    ...(groups.length > 1 ? { facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups } }, spec: body, resolve: { scale: { y: 'shared' } } } : body),
  };
  return {
    id: 'chart-explain',
    title: `From the published figure to the defensible one, ${o.quarter} (desist explain)`,
    desc:
      `Waterfall of desistance in ${o.quarter}, ${groups.length > 1 ? `one panel per group (${groups.join(', ')})` : 'for the whole cohort'}: step 1 is the figure an IOM team would publish (charge basis, custody ignored); each later step corrects one flaw (${steps.slice(1).join('; ')}), ` +
      `and its bar runs from the previous step's figure to the new one, vermilion when the correction lowers the figure, blue when it raises it. Diamonds mark each step's figure; vertical lines its ${lvl} interval (a prediction interval for the nowcast of a provisional quarter).`,
    omitted: omitted > 0 ? [`${omitted} of ${values.length} step figures not drawn, nor the bars from or to them: ${o.minCell > 0 ? `suppressed because a count behind them is below ${o.minCell} (--min-cell), or` : ''} not estimable.`] : [],
    points: values.filter((v) => v.label !== null).length,
    vl,
  };
}
