/**
 * End-to-end: the BUILT binary (`node bin/desist.js`) in a child process, as a user runs it:
 * exit codes of the CLI.md contract, EPIPE, colour, --help, no stack traces, reproducible JSON
 * and the provenance `meta` block.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands.js';
import type { Ctx } from '../../src/cli/context.js';
import { ROOT, STACK, bash, desist, ensureBuilt, plainEnv } from '../helpers/bin.js';
import { METHOD_VERSION } from '../../src/version.js';

const Q = 'test/fixtures/cases/quarters';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

const hasScript = spawnSync('bash', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;

beforeAll(ensureBuilt, 180_000);

describe('exit status (CLI.md table)', () => {
  const cases: [string, number, string[]][] = [
    ['success', 0, ['ci', '1/2']],
    ['success on a dataset', 0, ['quarterly', Q, '--reproducible']],
    ['unknown option', 2, ['quarterly', Q, '--no-such-option']],
    ['bad option value', 2, ['quarterly', Q, '--from', '2023Q5']],
    ['bad choice', 2, ['followup', Q, '--format', 'xml']],
    ['missing argument', 2, ['quarterly']],
    ['bad figure', 2, ['ci', '11/10']],
    ['invalid data (weights file)', 65, ['quarterly', Q, '--weights', `${Q}/weights-bad.csv`]],
    ['invalid data (--strict with a rejected row)', 65, ['quarterly', 'test/fixtures/cases/rejects', '--strict']],
    ['missing dataset folder', 66, ['quarterly', 'test/fixtures/cases/no-such-folder']],
    ['missing input file', 66, ['quarterly', Q, '--weights', `${Q}/no-such-weights.csv`]],
    ['output cannot be written', 73, ['quarterly', Q, '-o', '/nonexistent-dir/x.csv']],
    ['invalid desist.json', 78, ['quarterly', 'test/fixtures/cases/bad-config']],
  ];
  it.each(cases)('%s -> %i', (_what, code, args) => {
    const r = desist(args);
    expect(r.code, r.stderr).toBe(code);
    if (code === 0) {
      expect(r.stdout.length).toBeGreaterThan(0);
    } else {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^desist: /);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toContain('internal error');
    }
  });

  it('73 names the file it could not write', () => {
    const r = desist(['quarterly', Q, '-o', '/nonexistent-dir/x.csv']);
    expect(r.stderr).toBe('desist: /nonexistent-dir/x.csv: cannot write (ENOENT)\n');
  });

  it('-o writes the file, in the format of its extension, and nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-e2e-'));
    try {
      const file = join(dir, 'q.json');
      const r = desist(['quarterly', Q, '--reproducible', '-o', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      const j = JSON.parse(readFileSync(file, 'utf8'));
      expect(j.rows.length).toBe(8);
      const csv = join(dir, 'q.csv');
      expect(desist(['quarterly', Q, '--reproducible', '-o', csv]).code).toBe(0);
      expect(readFileSync(csv, 'utf8')).toMatch(/^quarter,quarter_start,quarter_end,group,/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no stack trace on user errors', () => {
  const errors: string[][] = [
    ['quarterly', Q, '--lag', '6x'],
    ['quarterly', Q, '--from', '2023Q4', '--to', '2023Q1'],
    ['followup', 'test/fixtures/cases/followup', '--follow-up', '0m'],
    ['compare', 'sample-data/', '--treated', 'nosuch'],
    ['ci', 'abc'],
    ['ci', '0/0'],
    ['ci', '1/2', '3/4', '5/6'],
    ['ci', '--level', '1.5', '1/2'],
    ['quarterly', '--cohort', '-', '--charges', '-', '--custody', `${Q}/custody.csv`],
    ['validate', 'test/fixtures/cases/no-such-folder'],
    ['nosuchcommand'],
  ];
  it.each(errors.map((e) => [e.join(' '), e]))('desist %s', (_s, args) => {
    const r = desist(args as string[]);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(70);
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/\b(TypeError|RangeError|Error):/);
  });
});

describe('EPIPE: a reader closing the pipe early is success', () => {
  it('quarterly --format csv | head -1', () => {
    const r = bash(`node bin/desist.js quarterly sample-data/ --format csv --reproducible | head -1; echo "node=\${PIPESTATUS[0]}" >&2`);
    expect(r.stdout).toBe(
      'quarter,quarter_start,quarter_end,group,eligible,in_custody_whole_quarter,charged,desistance_unadjusted,ci_low_unadjusted,ci_high_unadjusted,reason_unadjusted,at_risk,charged_at_risk,desistance,ci_low,ci_high,reason,liberty_days,charges,charges_per_1000_liberty_days,rate_ci_low,rate_ci_high,rate_reason,provisional,index_day_charges\n',
    );
    expect(r.stderr).toBe('node=0\n');
    expect(r.code).toBe(0);
  });

  it('an output larger than the pipe buffer (followup --curve --format json | head -c 100)', () => {
    const size = desist(['followup', 'sample-data/', '--curve', '--format', 'json', '--reproducible']).stdout.length;
    expect(size).toBeGreaterThan(128 * 1024 / 2); // more than a 64 KiB pipe holds
    const r = bash(`node bin/desist.js followup sample-data/ --curve --format json --reproducible | head -c 100 >/dev/null; echo "node=\${PIPESTATUS[0]}" >&2`);
    expect(r.stderr).toBe('node=0\n');
    expect(r.code).toBe(0);
  });
});

describe('colour', () => {
  const args = ['quarterly', Q, '--weights', `${Q}/weights.csv`, '--reproducible']; // table + a warning on stderr
  it('non-TTY stdout and stderr: no ANSI escapes', () => {
    const r = desist(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('desist: warning:');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).not.toMatch(ANSI);
  });

  it('NO_COLOR set: no ANSI escapes', () => {
    const r = desist(args, plainEnv({ NO_COLOR: '1' }));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).not.toMatch(ANSI);
  });

  it.runIf(hasScript)('on a terminal: colour, except with NO_COLOR or --no-color', () => {
    const tty = (extra: string, env: NodeJS.ProcessEnv) => bash(`script -qec "node bin/desist.js ${args.join(' ')} ${extra}" /dev/null`, env).stdout;
    expect(tty('', plainEnv())).toMatch(ANSI); // the check below is not vacuous
    expect(tty('', plainEnv({ NO_COLOR: '1' }))).not.toMatch(ANSI);
    expect(tty('--no-color', plainEnv())).not.toMatch(ANSI);
  });
});

describe('--help', () => {
  const ctx = {} as Ctx;
  const commands: Command[] = COMMANDS.map((make) => make(ctx, () => undefined));
  /** Options CLI.md names for each command (on top of every option the command registers). */
  const contract: Record<string, string[]> = {
    validate: ['--format', '--output', '--rejects', '--as-of', '--max-errors', '--min-cell', '--quiet', '--no-color', '--reproducible', '--cohort', '--charges', '--custody', '--map'],
    quarterly: ['--format', '--output', '--level', '--seed', '--min-cell', '--quiet', '--no-color', '--reproducible', '--as-of', '--ci-method', '--quarters', '--from', '--to', '--basis', '--lag', '--custody', '--weights', '--map', '--nowcast'],
    followup: ['--format', '--output', '--level', '--seed', '--min-cell', '--quiet', '--no-color', '--reproducible', '--as-of', '--ci-method', '--index', '--follow-up', '--waiting', '--clock', '--curve'],
    compare: ['--format', '--output', '--level', '--seed', '--min-cell', '--quiet', '--no-color', '--reproducible', '--as-of', '--ci-method', '--diff-method', '--or-method', '--measure', '--treated', '--comparison', '--style', '--treated-cohort', '--comparison-cohort', '--overlap'],
    report: ['--output', '--level', '--seed', '--min-cell', '--quiet', '--no-color', '--reproducible', '--as-of', '--ci-method', '--diff-method', '--or-method', '--treated', '--comparison', '--custody', '--follow-up', '--balance', '--batch'],
    explain: ['--format', '--output', '--level', '--seed', '--min-cell', '--quiet', '--no-color', '--reproducible', '--as-of', '--ci-method', '--quarter'],
    batch: ['--format', '--output', '--min-cell', '--round', '--quiet', '--no-color', '--reproducible', '--p-adjust'],
    ci: ['--format', '--output', '--level', '--min-cell', '--quiet', '--no-color', '--reproducible', '--ci-method', '--diff-method', '--or-method', '--rate'],
    match: ['--format', '--output', '--min-cell', '--quiet', '--no-color', '--reproducible', '--cohort', '--map', '--covariates', '--treated', '--comparison', '--distance', '--ratio', '--caliper', '--replace', '--exact', '--write-cohort'],
    sql: [],
    completion: [], // prints a script on stdout: redirect it
  };
  /** Options each `desist sql MEASURE` takes (on top of every option it registers). */
  const sqlContract = ['--dialect', '--tables', '--as-of', '--map', '--output'];

  it('covers every subcommand', () => {
    expect(commands.map((c) => c.name()).sort()).toEqual(Object.keys(contract).sort());
  });

  it.each(commands.find((c) => c.name() === 'sql')!.commands.map((c) => [c.name(), c]))('desist sql %s --help exits 0 and lists every option', (name, cmd) => {
    const r = desist(['sql', name as string, '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: desist sql ${name} `));
    for (const f of new Set([...(cmd as Command).options.map((o) => o.long ?? ''), ...sqlContract])) expect(r.stdout, f).toContain(f);
  });

  it.each(commands.filter((c) => c.commands.length === 0).map((c) => [c.name(), c]))('desist %s --help exits 0 and lists every option', (name, cmd) => {
    const r = desist([name as string, '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: desist ${name} `));
    const flags = new Set([...(cmd as Command).options.map((o) => o.long ?? o.short ?? ''), ...contract[name as string], '--help']);
    for (const f of flags) expect(r.stdout, f).toMatch(new RegExp(`(^|[\\s,])${f.replace(/-/g, '\\-')}(?=[\\s,]|$)`, 'm'));
    if (name !== 'completion') expect(r.stdout).toContain('-o, --output <file>');
  });

  it('desist --help lists the subcommands', () => {
    const r = desist(['--help']);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^\\s+${c.name()}\\b`, 'm'));
  });

  it('desist --version prints the package version and the method version', () => {
    const r = desist(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`desist ${VERSION} (method ${METHOD_VERSION}: docs/method.md)`);
  });
});

describe('--reproducible JSON is byte-identical across runs', () => {
  it.each([
    ['quarterly', ['quarterly', 'sample-data/']],
    ['followup', ['followup', 'sample-data/']],
    ['compare (bootstrap, seed)', ['compare', 'sample-data/']],
    ['compare --measure quarterly', ['compare', 'sample-data/', '--measure', 'quarterly']],
    ['ci', ['ci', '62/178', '85/178']],
  ])('%s', (_n, args) => {
    const a = desist([...(args as string[]), '--format', 'json', '--reproducible']);
    const b = desist([...(args as string[]), '--format', 'json', '--reproducible']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(Buffer.from(b.stdout).equals(Buffer.from(a.stdout))).toBe(true);
    expect(JSON.parse(a.stdout).meta.generated_at).toBeNull();
  });

  it('without --reproducible the wall-clock timestamp is given', () => {
    const r = desist(['ci', '1/2', '--format', 'json']);
    expect(JSON.parse(r.stdout).meta.generated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });
});

describe('JSON meta (provenance)', () => {
  const ctx = {} as Ctx;
  const optionKeys = (name: string): string[] => {
    const cmd = COMMANDS.map((make) => make(ctx, () => undefined)).find((c) => c.name() === name)!;
    return cmd.options.map((o) => o.attributeName()).filter((k) => !['format', 'output', 'quiet', 'color', 'verbose', 'help'].includes(k));
  };
  const sha = (file: string) => createHash('sha256').update(readFileSync(join(ROOT, file))).digest('hex');

  it.each([
    ['quarterly', ['quarterly', 'sample-data/'], { quarters: 'calendar', basis: 'charge', custodyMode: 'whole-quarter', minLibertyDays: 1, lag: '6m', level: 0.95, ciMethod: 'wilson', seed: 1, minCell: 0, round: 0 }],
    ['followup', ['followup', 'sample-data/'], { index: 'start', followUp: '12m', waiting: '6m', clock: 'calendar', level: 0.95, ciMethod: 'wilson', minCell: 0 }],
    ['compare', ['compare', 'sample-data/'], { measure: 'followup', treated: 'treated', comparison: 'comparison', level: 0.95, ciMethod: 'wilson', diffMethod: 'newcombe', orMethod: 'woolf', bootstrap: 2000, seed: 1 }],
    ['validate', ['validate', 'sample-data/'], { strict: false, maxErrors: 20, minCell: 0 }],
  ])('%s', (name, args, defaults) => {
    const argv = [...(args as string[]), '--format', 'json', '--reproducible'];
    const r = desist(argv);
    expect(r.code, r.stderr).toBe(0);
    const meta = JSON.parse(r.stdout).meta;
    expect(meta.tool).toBe('desist');
    expect(meta.version).toBe(VERSION);
    expect(meta.command).toBe(['desist', ...argv].join(' '));
    // every option, defaults included
    for (const k of optionKeys(name as string)) expect(meta.options, k).toHaveProperty(k);
    for (const [k, v] of Object.entries(defaults as Record<string, unknown>)) expect(meta.options[k], k).toEqual(v);
    expect(meta.options.asOf).toBe('2025-03-31');
    expect(meta.as_of).toBe('2025-03-31');
    expect(meta.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(meta.generated_at).toBeNull();
    expect(meta.inputs.map((i: { role: string }) => i.role).sort()).toEqual(['charges', 'cohort', 'custody']);
    for (const i of meta.inputs) {
      expect(i.file).toBe(`sample-data/${i.role}.csv`);
      expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(i.sha256).toBe(sha(i.file));
      for (const k of ['read', 'accepted', 'rejected', 'deduplicated']) expect(Number.isInteger(i[k]), k).toBe(true);
      expect(i.read, i.role).toBe(i.accepted + i.rejected + i.deduplicated);
      expect(i.read).toBeGreaterThan(0);
    }
  });

  it('ci: every option with its default, no inputs, no as-of', () => {
    const r = desist(['ci', '166/2660', '--format', 'json', '--reproducible']);
    const meta = JSON.parse(r.stdout).meta;
    expect(meta.tool).toBe('desist');
    expect(meta.version).toBe(VERSION);
    expect(meta.command).toBe('desist ci 166/2660 --format json --reproducible');
    for (const k of optionKeys('ci')) expect(meta.options, k).toHaveProperty(k);
    expect(meta.options).toMatchObject({ level: 0.95, ciMethod: 'wilson', diffMethod: 'newcombe', orMethod: 'woolf', minCell: 0 });
    expect(meta.inputs).toEqual([]);
  });

  it('read = accepted + rejected + deduplicated also with a rejected and a duplicated row', () => {
    const r = desist(['quarterly', 'test/fixtures/cases/rejects', '--format', 'json', '--reproducible']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("desist: warning: test/fixtures/cases/rejects/charges.csv: 1 of 11 rows rejected (9.1%; run 'desist validate' for the list)\n");
    const meta = JSON.parse(r.stdout).meta;
    expect(meta.as_of).toBe('2024-01-15');
    const charges = meta.inputs.find((i: { role: string }) => i.role === 'charges');
    expect(charges).toMatchObject({ read: 11, accepted: 9, rejected: 1, deduplicated: 1 });
    for (const i of meta.inputs) expect(i.read).toBe(i.accepted + i.rejected + i.deduplicated);
  });
});
