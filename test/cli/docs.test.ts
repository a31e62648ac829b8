/**
 * The docs ship with the tool and must cover the code:
 * - docs/options.md is generated from the option tables (`npm run docs`) and must be current;
 * - every option of every command appears in docs/options.md under that command;
 * - every JSON row field (nested ones by dot path) of every command, run on sample-data,
 *   is listed in docs/cli.md under the command's heading `## \`desist NAME\``;
 * - every `meta` field is listed in docs/cli.md's `### \`meta\`` section.
 * The failure messages say what to add where.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands.js';
import { makeCtx } from '../../src/cli/context.js';
import type { CliIO } from '../../src/cli/io.js';
import { OPTIONS_DOC, optionsDocument, withSubcommands } from '../../src/cli/options-doc.js';
import { runCli } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');
const CLI_DOC = 'docs/cli.md';
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/**
 * Runs that show every field a command can output (degenerate inputs show the `reason`
 * fields, --min-cell shows `suppressed`). A new command needs a run here (or a place in
 * NO_JSON when it has no JSON output).
 */
const WEIGHTS = 'test/fixtures/cases/quarters/weights.csv';
/** Two cohort files as groups (a person in both: --overlap drop). */
const TWO_COHORTS = ['--treated-cohort', 'test/fixtures/batch/scheme.csv', '--comparison-cohort', 'test/fixtures/batch/pool.csv', '--overlap', 'drop'];
/** Case weights from a numeric cohort column (a matched cohort's `weight` column works the same). */
const CASE_WEIGHTS = ['--weights-column', 'risk_score'];
const RUNS: Record<string, string[][]> = {
  validate: [['validate', 'sample-data/'], ['validate', 'sample-data/force-extract/']],
  quarterly: [
    ['quarterly', 'sample-data/', '--weights', WEIGHTS, '--cumulative', '--min-cell', '5'],
    ['quarterly', 'sample-data/', '--pooled', '--basis', 'offence', '--from', '2018Q1'],
    ['quarterly', 'sample-data/', '--basis', 'offence', '--nowcast', '--nowcast-draws', '200', '--min-cell', '5'],
  ],
  followup: [
    ['followup', 'sample-data/', '--min-cell', '5'],
    ['followup', 'sample-data/', '--index', 'release', '--clock', 'liberty', '--follow-up', '1d'],
    ['followup', 'sample-data/', '--curve'],
    ['followup', 'sample-data/', '--curve', '--at', '365,730,5000', '--min-cell', '5'],
    ['followup', 'sample-data/', ...CASE_WEIGHTS],
  ],
  compare: [
    ['compare', 'sample-data/', '--min-cell', '3'],
    ['compare', 'sample-data/', '--follow-up', '1d'],
    ['compare', 'sample-data/', '--measure', 'quarterly', '--from', '2018Q1'],
    ['compare', 'sample-data/', '--style', 'jdl'],
    ['compare', 'sample-data/', '--treated', 'all', '--at', '365,730,5000', '--adjust', 'age,sex', '--min-cell', '3'],
    ['compare', 'sample-data/', ...CASE_WEIGHTS],
    ['compare', 'sample-data/', ...CASE_WEIGHTS, '--style', 'jdl'],
    ['compare', 'sample-data/', ...TWO_COHORTS],
    ['compare', 'sample-data/', '--measure', 'quarterly', '--between', '2023Q4,2024Q4', '--bootstrap', '200'],
    ['compare', 'sample-data/', '--measure', 'quarterly', '--between', '2017Q1,2018Q1', '--bootstrap', '200'],
  ],
  match: [
    ['match', 'sample-data/', '--covariates', 'age,sex,prior_offences,risk_score', '--replace'],
    ['match', 'sample-data/', '--covariates', 'age,sex,prior_offences', '--replace', '--min-cell', '2000'],
  ],
  batch: [['batch', 'sample-data/batch.yaml'], ['batch', 'test/fixtures/batch/equality.yaml'], ['batch', 'test/fixtures/batch/two-cohorts.yaml']],
  explain: [
    ['explain', 'sample-data/', '--quarter', '2024Q4'],
    ['explain', 'sample-data/', '--quarter', '2025Q1', '--pooled', '--min-cell', '5'],
  ],
  ci: [
    ['ci', '166/2660'],
    ['ci', '62/178', '85/178'],
    ['ci', '10/10', '0/20'],
    ['ci', '0/10', '0/20'],
    ['ci', '--rate', '30/1200'],
    ['ci', '--rate', '0/1200'],
    ['ci', '--rate', '30/1200', '--rate', '52/1310'],
    ['ci', '--rate', '0/1200', '--rate', '0/1310'],
  ],
};
/** Commands with no JSON output (report writes HTML, sql writes SQL, completion a script). */
const NO_JSON: string[] = ['completion', 'sql', 'report'];

/** `{a,b}.c` -> ['a.c', 'b.c'] */
export function expandBraces(s: string): string[] {
  const m = /\{([^{}]*)\}/.exec(s);
  if (!m) return [s];
  return m[1].split(',').flatMap((alt) => expandBraces(s.slice(0, m.index) + alt.trim() + s.slice(m.index + m[0].length)));
}

/** Split at commas outside braces: `a, {b,c}.d` -> ['a', '{b,c}.d']. */
function topLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The code spans of a Markdown section, expanded; `*` matches one path segment. */
function documented(section: string): (path: string) => boolean {
  const spans = [...section.matchAll(/`([^`\n]+)`/g)].flatMap((m) => topLevel(m[1])).flatMap(expandBraces);
  const exact = new Set(spans);
  const globs = spans.filter((s) => s.includes('*')).map((s) => new RegExp(`^${s.replace(/[.]/g, '\\.').replace(/\*/g, '[^.]+')}$`));
  return (p) => exact.has(p) || globs.some((g) => g.test(p));
}

/** The text under `## \`desist NAME\`` (or any heading line given) up to the next heading of that level. */
function section(doc: string, heading: string): string | undefined {
  const level = /^#+/.exec(heading)![0];
  const start = doc.split('\n').findIndex((l) => l === heading || l === `${heading}\`` || l.startsWith(`${heading} `));
  if (start < 0) return undefined;
  const lines = doc.split('\n').slice(start + 1);
  const end = lines.findIndex((l) => new RegExp(`^#{1,${level.length}} `).test(l));
  return lines.slice(0, end < 0 ? undefined : end).join('\n');
}

function paths(o: Record<string, unknown>, prefix = '', into = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(o)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) paths(v as Record<string, unknown>, p, into);
    else into.add(p);
  }
  return into;
}

function commands(): Command[] {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: {}, now: () => new Date(0), cwd: '.' } as unknown as CliIO;
  const ctx = makeCtx(io, []);
  return COMMANDS.map((make) => make(ctx, () => {}));
}

describe('docs/options.md', () => {
  it('is generated from the option tables (run `npm run docs` when this fails)', () => {
    expect(read(OPTIONS_DOC), 'docs/options.md is stale: run `npm run docs` and commit docs/options.md').toBe(optionsDocument());
  });
  it('lists every option of every command under its heading', () => {
    const doc = read(OPTIONS_DOC);
    const missing: string[] = [];
    for (const [name, cmd] of commands().flatMap((c) => withSubcommands(c))) {
      const sec = section(doc, `## \`desist ${name}`) ?? '';
      for (const o of cmd.options) if (!sec.includes(`\`${o.flags}\``)) missing.push(`desist ${name} ${o.flags}`);
    }
    expect(missing, `docs/options.md lacks these options: run \`npm run docs\` (it is generated from the option tables)`).toEqual([]);
  });
});

describe(`${CLI_DOC} documents every JSON field`, () => {
  const doc = read(CLI_DOC);
  const conventions = documented(section(doc, '### Conventions for rows') ?? '');
  const results = new Map<string, { meta: Record<string, unknown>; rows: Record<string, unknown>[] }[]>();

  beforeAll(async () => {
    for (const [name, runs] of Object.entries(RUNS)) {
      const outs = [];
      for (const args of runs) {
        const r = await runCli([...args, '--format', 'json', '--reproducible', '--quiet'], { cwd: ROOT });
        // validate exits 65 when rows are rejected, and still prints its output
        expect([0, name === 'validate' ? 65 : 0], `desist ${args.join(' ')} failed: ${r.stderr}`).toContain(r.code);
        outs.push(JSON.parse(r.stdout));
      }
      results.set(name, outs);
    }
  }, 300_000);

  it('every command has a section and a run in this test', () => {
    const problems: string[] = [];
    for (const cmd of commands()) {
      const name = cmd.name();
      if (!section(doc, `## \`desist ${name}\``)) problems.push(`${CLI_DOC}: add a section headed "## \`desist ${name}\`" (what it does, and its JSON row fields in a table)`);
      if (!NO_JSON.includes(name) && !RUNS[name]) problems.push(`test/cli/docs.test.ts: add runs of \`desist ${name}\` on sample-data to RUNS (or its name to NO_JSON if it has no JSON output)`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  for (const name of Object.keys(RUNS)) {
    it(`desist ${name}: every row field is in its section`, () => {
      const sec = section(doc, `## \`desist ${name}\``) ?? '';
      const isDocumented = documented(sec);
      const missing = new Set<string>();
      for (const out of results.get(name) ?? []) {
        for (const row of out.rows) for (const p of paths(row)) if (!isDocumented(p) && !conventions(p)) missing.add(p);
      }
      expect(
        [...missing],
        `${CLI_DOC}: under "## \`desist ${name}\`", add a table row for each field: | \`field\` | meaning |\n` +
          `(nested fields by dot path; braces list alternatives, e.g. \`{treated,comparison}.x\`; \`*\` matches one segment)`,
      ).toEqual([]);
    });
  }

  it('every meta field is in the `meta` section', () => {
    const isDocumented = documented(section(doc, '### `meta`') ?? '');
    const missing = new Set<string>();
    for (const outs of results.values()) for (const out of outs) for (const k of Object.keys(out.meta)) if (!isDocumented(k)) missing.add(k);
    expect([...missing], `${CLI_DOC}: under "### \`meta\`", add a table row | \`field\` | meaning | for each`).toEqual([]);
  });

  it('every meta.options key is an option listed in docs/options.md', () => {
    const opts = read(OPTIONS_DOC);
    const missing = new Set<string>();
    for (const outs of results.values()) for (const out of outs) for (const k of Object.keys(out.meta.options as object)) if (!opts.includes(`\`${k}\``)) missing.add(k);
    expect([...missing], 'docs/options.md: run `npm run docs`; an echoed option key must be the key of an option in the tables').toEqual([]);
  });
});
