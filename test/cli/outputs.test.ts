/**
 * Output contract (CLI.md "JSON output"), run in-process over sample-data/: every analysis
 * command in every format; field names; CSV and JSON agree; disclosure control (--min-cell);
 * --custody none; CSV formula injection; no person ids in any output.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli, type CliResult } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, '..', 'fixtures');
const FORMATS = ['table', 'csv', 'json', 'md'] as const;
type Format = (typeof FORMATS)[number];
type Row = Record<string, unknown>;

interface Analysis {
  name: string;
  args: string[];
  /** CLI.md field names (dot paths) every row must have */
  fields: string[];
  /** counts of people or events that --min-cell must suppress (dot paths) */
  counts: string[];
}

const QUARTERLY_FIELDS = [
  'quarter', 'quarter_start', 'quarter_end', 'group', 'eligible', 'in_custody_whole_quarter', 'charged',
  'desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted', 'at_risk', 'charged_at_risk',
  'desistance', 'ci_low', 'ci_high', 'liberty_days', 'charges', 'charges_per_1000_liberty_days', 'provisional',
];
const FOLLOWUP_FIELDS = ['group', 'n', 'not_mature', 'reoffenders', 'rate', 'ci_low', 'ci_high', 'reoffences', 'per_person', 'per_reoffender', 'median_days_to_first'];
const TWO_FIGURE_FIELDS = [
  ...['treated', 'comparison'].flatMap((s) => ['x', 'n', 'proportion', 'ci_low', 'ci_high'].map((k) => `${s}.${k}`)),
  ...['difference', 'risk_ratio', 'odds_ratio'].flatMap((e) => ['estimate', 'ci_low', 'ci_high', 'method'].map((k) => `${e}.${k}`)),
  'test.name', 'test.statistic', 'test.p_value',
];
const CURVE_FIELDS = ['group', 'time', 'n_risk', 'n_event', 'n_censor', 'survival', 'ci_low', 'ci_high'];
const TWO_FIGURE_COUNTS = ['treated.x', 'treated.n', 'comparison.x', 'comparison.n'];

const ANALYSES: Analysis[] = [
  { name: 'quarterly', args: ['quarterly', 'sample-data/'], fields: QUARTERLY_FIELDS, counts: ['eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'charges'] },
  { name: 'followup', args: ['followup', 'sample-data/'], fields: FOLLOWUP_FIELDS, counts: ['n', 'not_mature', 'reoffenders', 'reoffences'] },
  { name: 'followup --curve', args: ['followup', 'sample-data/', '--curve'], fields: CURVE_FIELDS, counts: ['n_risk', 'n_event', 'n_censor'] },
  {
    name: 'compare --measure followup',
    args: ['compare', 'sample-data/', '--measure', 'followup'],
    fields: TWO_FIGURE_FIELDS,
    counts: [...TWO_FIGURE_COUNTS, 'frequency.treated.reoffences', 'frequency.comparison.reoffences'],
  },
  { name: 'compare --measure quarterly', args: ['compare', 'sample-data/', '--measure', 'quarterly'], fields: [...TWO_FIGURE_FIELDS, 'quarter'], counts: TWO_FIGURE_COUNTS },
  // JDL rows have their own shape (see the JDL test below); only the shared difference fields here.
  { name: 'compare --style jdl', args: ['compare', 'sample-data/', '--style', 'jdl'], fields: ['difference.estimate', 'difference.ci_low', 'difference.ci_high', 'difference.method'], counts: [] },
];

function get(row: unknown, path: string): unknown {
  let v = row;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Row)[k];
  }
  return v;
}
const has = (row: unknown, path: string): boolean => {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.length > 0 ? get(row, keys.join('.')) : row;
  return parent !== null && typeof parent === 'object' && last in (parent as Row);
};

function flatten(row: Row, prefix = '', into: Row = {}): Row {
  for (const [k, v] of Object.entries(row)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Row, key, into);
    else into[key] = v;
  }
  return into;
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
function csvCells(text: string): string[] {
  return (parse(text, { skip_empty_lines: true }) as string[][]).flat();
}

const run = (args: string[], cwd = ROOT): Promise<CliResult> => runCli([...args, '--reproducible'], { cwd });
const outputs = new Map<string, CliResult>();
const key = (a: Analysis, f: Format, extra: string[] = []) => `${a.name}|${f}|${extra.join(' ')}`;

beforeAll(async () => {
  for (const a of ANALYSES) {
    for (const f of FORMATS) outputs.set(key(a, f), await run([...a.args, '--format', f]));
    outputs.set(key(a, 'json', ['--min-cell', '10']), await run([...a.args, '--format', 'json', '--min-cell', '10']));
    outputs.set(key(a, 'table', ['--min-cell', '10']), await run([...a.args, '--format', 'table', '--min-cell', '10']));
  }
}, 120_000);

const out = (a: Analysis, f: Format, extra: string[] = []): CliResult => {
  const r = outputs.get(key(a, f, extra));
  if (!r) throw new Error(`no output for ${key(a, f, extra)}`);
  return r;
};
const json = (a: Analysis, extra: string[] = []) => JSON.parse(out(a, 'json', extra).stdout) as { meta: Row; warnings: string[]; rows: Row[] };

describe.each(ANALYSES)('$name', (a) => {
  it.each(FORMATS)('--format %s exits 0 with output on stdout', (f) => {
    const r = out(a, f);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/\x1b\[/); // in-process streams are not terminals
  });

  it('JSON rows carry the CLI.md field names', () => {
    const j = json(a);
    expect(Object.keys(j).sort()).toEqual(['meta', 'rows', 'warnings']);
    expect(j.rows.length).toBeGreaterThan(0);
    for (const row of j.rows) for (const f of a.fields) expect(has(row, f), `${f} in ${JSON.stringify(row).slice(0, 200)}`).toBe(true);
  });

  it('CSV has the same columns as the JSON rows, flattened with _', () => {
    const csv = out(a, 'csv').stdout;
    const header = (parse(csv, { to_line: 1 }) as string[][])[0];
    for (const f of a.fields) expect(header).toContain(f.replace(/\./g, '_'));
    const flatKeys = new Set(json(a).rows.flatMap((r) => Object.keys(flatten(r))));
    expect(new Set(header)).toEqual(flatKeys);
  });

  it('CSV and JSON agree on every value', () => {
    const rows = json(a).rows.map((r) => flatten(r));
    const recs = csvRecords(out(a, 'csv').stdout);
    expect(recs.length).toBe(rows.length);
    rows.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) {
        const cell = recs[i][k];
        if (v === null || v === undefined) expect(cell, k).toBe('');
        else if (typeof v === 'number') expect(Number(cell), `${k} row ${i}`).toBe(v);
        else if (typeof v === 'boolean') expect(cell, k).toBe(String(v));
        else if (Array.isArray(v)) expect(cell, k).toBe(v.join(';'));
        else expect(cell.replace(/^'(?=[=+\-@\t\r])/, ''), k).toBe(String(v));
      }
    });
  });

  it('human formats show the figures with a provenance footer', () => {
    const table = out(a, 'table').stdout;
    const md = out(a, 'md').stdout;
    for (const t of [table, md]) {
      expect(t).toContain('desist 0.1.0 (method 1.0) · desist ');
      expect(t).toMatch(/cohort: sample-data\/cohort\.csv, sha256 [0-9a-f]{16}…/);
      expect(t).toContain('read 2,000 = accepted 2,000 + rejected 0 + de-duplicated 0');
      expect(t).toMatch(/treated/);
    }
    expect(md).toMatch(/^\|.*\|$/m);
    expect(md).toMatch(/^\|(---:?\|)+$/m);
  });

  if (a.counts.length > 0) it('--min-cell 10 nulls every count below 10, lists it in suppressed, and shows <10 in the table', () => {
    const base = json(a).rows;
    const sup = json(a, ['--min-cell', '10']).rows;
    expect(sup.length).toBe(base.length);
    let hidden = 0;
    base.forEach((row, i) => {
      const s = sup[i];
      expect(Array.isArray(s.suppressed), `row ${i} has a suppressed list`).toBe(true);
      const list = s.suppressed as string[];
      for (const c of a.counts) {
        const v = get(row, c);
        if (typeof v !== 'number') continue;
        if (v < 10) {
          hidden++;
          expect(get(s, c), `${c} (${v}) row ${i}`).toBeNull();
          expect(list, `${c} row ${i}`).toContain(c);
        } else if (!list.includes(c)) {
          expect(get(s, c)).toBe(v);
        }
      }
      for (const p of list) expect(get(s, p) ?? null, `${p} listed as suppressed`).toBeNull();
    });
    const table = out(a, 'table', ['--min-cell', '10']).stdout;
    if (hidden > 0) expect(table).toContain('<10');
    // data formats never print '<10': suppressed values are null
    expect(out(a, 'json', ['--min-cell', '10']).stdout).not.toContain('<10');
  });
});

describe('two-figure contract', () => {
  it('compare rows name the test used and the methods', () => {
    for (const a of ANALYSES.filter((x) => x.name.startsWith('compare --measure'))) {
      for (const row of json(a).rows) {
        expect(typeof get(row, 'test.name')).toBe('string');
        expect(get(row, 'difference.method')).toBe('newcombe');
        expect(get(row, 'risk_ratio.method')).toBe('katz-log');
        expect(get(row, 'odds_ratio.method')).toBe('woolf-log');
      }
    }
  });

  it('compare --style jdl rows follow the CLI.md compare shape', () => {
    const a = ANALYSES.find((x) => x.name === 'compare --style jdl')!;
    for (const row of json(a).rows) for (const f of TWO_FIGURE_FIELDS) expect(has(row, f), f).toBe(true);
  });

  it('ci with two figures has the same shape in JSON and CSV', async () => {
    const j = JSON.parse((await run(['ci', '62/178', '85/178', '--format', 'json'])).stdout);
    for (const f of TWO_FIGURE_FIELDS) expect(has(j.rows[0], f), f).toBe(true);
    const recs = csvRecords((await run(['ci', '62/178', '85/178', '--format', 'csv'])).stdout);
    for (const f of TWO_FIGURE_FIELDS) expect(Object.keys(recs[0])).toContain(f.replace(/\./g, '_'));
    expect(Number(recs[0].difference_ci_low)).toBe(j.rows[0].difference.ci_low);
  });

  it('compare --style jdl applies --min-cell', async () => {
    const r = await runCli(['compare', 'cases/followup', '--style', 'jdl', '--min-cell', '3', '--format', 'json', '--reproducible'], { cwd: FIXTURES });
    const rows = JSON.parse(r.stdout).rows as Row[];
    for (const row of rows) {
      expect(Array.isArray(row.suppressed)).toBe(true);
      expect((row.treated as Row).mean).toBeNull(); // treated n = 2 < 3
      expect(row.sentence).toBeNull();
      expect(row.guard).toBeNull(); // the guard's text would give the count away
    }
  });
});

describe('--min-cell in the sentences under human tables', () => {
  // The sentence under the table is built from the rows after disclosure control.
  it('quarterly --min-cell 3 prints no count below 3 in its notes', async () => {
    const r = await runCli(['quarterly', 'cases/quarters', '--min-cell', '3', '--reproducible'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<3'); // the table is suppressed ...
    expect(r.stdout).not.toMatch(/\b[0-2] of [0-2] people\b/); // ... and so must the notes be
  });
});

describe('--custody none', () => {
  it('gives desistance equal to desistance_unadjusted in every row', async () => {
    const r = await run(['quarterly', 'sample-data/', '--custody', 'none', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.meta.options.custodyMode).toBe('none');
    expect(j.rows.length).toBeGreaterThan(0);
    for (const row of j.rows) {
      expect(row.desistance).toBe(row.desistance_unadjusted);
      expect(row.ci_low).toBe(row.ci_low_unadjusted);
      expect(row.ci_high).toBe(row.ci_high_unadjusted);
      expect(row.at_risk).toBe(row.eligible);
      expect(row.charged_at_risk).toBe(row.charged);
    }
  });

  it('the default adjustment differs somewhere (the test above is not vacuous)', () => {
    const rows = json(ANALYSES[0]).rows;
    expect(rows.some((r) => r.desistance !== r.desistance_unadjusted)).toBe(true);
    for (const r of rows) expect((r.eligible as number) - (r.at_risk as number)).toBe(r.in_custody_whole_quarter);
  });
});

describe('CSV formula injection', () => {
  it('no CSV cell of any analysis starts with =, +, @', () => {
    for (const a of ANALYSES) for (const cell of csvCells(out(a, 'csv').stdout)) expect(cell, a.name).not.toMatch(/^[=+@]/);
  });

  it.each([
    ['quarterly', ['quarterly', 'cases/formula']],
    ['followup', ['followup', 'cases/formula', '--follow-up', '3m', '--waiting', '1m']],
    ['followup --curve', ['followup', 'cases/formula', '--follow-up', '3m', '--waiting', '1m', '--curve']],
  ])('%s: group values that look like formulas are prefixed with a quote', async (_n, args) => {
    const r = await runCli([...args, '--format', 'csv', '--reproducible'], { cwd: FIXTURES });
    expect(r.code, r.stderr).toBe(0);
    for (const cell of csvCells(r.stdout)) expect(cell).not.toMatch(/^[=+@]/);
    const groups = new Set(csvRecords(r.stdout).map((x) => x.group));
    expect(groups).toContain(`'=HYPERLINK("x")`);
    expect(groups).toContain("'+cmd");
    expect(groups).toContain("'@SUM(1)");
    expect(groups).toContain("'-2+3");
    expect(groups).toContain('plain');
    // JSON keeps the value as it is
    const j = JSON.parse((await runCli([...args, '--format', 'json', '--reproducible'], { cwd: FIXTURES })).stdout);
    expect(j.rows.map((x: Row) => x.group)).toContain('=HYPERLINK("x")');
  });
});

describe('no person ids in any output', () => {
  const ids = (readFileSync(join(ROOT, 'sample-data', 'cohort.csv'), 'utf8').split('\n').slice(1, 2001).map((l) => l.split(',')[0]).filter(Boolean));

  it('the sample cohort ids are read (sanity)', () => {
    expect(ids.length).toBe(2000);
    expect(ids.slice(0, 4)).toEqual(['0000338', '0000359', '0000390', '0000438']);
  });

  it('no output of any analysis, in any format, with or without --min-cell, holds a cohort id', () => {
    const idSet = new Set(ids);
    for (const [k, r] of outputs) {
      const tokens = `${r.stdout}\n${r.stderr}`.split(/[\s,;|"':()[\]{}<>·=]+/);
      const found = tokens.filter((t) => idSet.has(t));
      expect(found, k).toEqual([]);
      for (const id of ids.slice(0, 25)) expect(r.stdout.includes(`"${id}"`), `${k}: ${id}`).toBe(false);
    }
  });

  it('hand-made fixtures: ids such as X01 / P01 / F01 never appear', async () => {
    const runs = [
      await runCli(['quarterly', 'cases/formula', '--format', 'csv', '--reproducible'], { cwd: FIXTURES }),
      await runCli(['quarterly', 'cases/quarters', '--format', 'json', '--reproducible'], { cwd: FIXTURES }),
      await runCli(['followup', 'cases/followup', '--format', 'json', '--reproducible'], { cwd: FIXTURES }),
      await runCli(['followup', 'cases/followup', '--curve', '--reproducible'], { cwd: FIXTURES }),
      await runCli(['compare', 'cases/followup', '--format', 'json', '--reproducible'], { cwd: FIXTURES }),
    ];
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/\b[XPF]0[1-7]\b/);
    }
  });
});
