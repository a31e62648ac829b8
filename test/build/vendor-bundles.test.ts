/**
 * The build's one-file bundles (scripts/bundle-vendor.mjs). zod: the built dist/vendor/zod.js is
 * self-contained and checks values as the package does, messages included. @stdlib: the built
 * dists.js loads every function from its bundle, and each bundle computes what its package
 * computes, value for value, on a grid of arguments (including the edges: 0, 1, NaN, bad
 * parameters). Needs `npm run build` first, as the CLI tests do.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/bin.js';
import { z as zodPackage } from 'zod';

const require = createRequire(join(ROOT, 'package.json'));
const VENDOR = join(ROOT, 'dist', 'vendor', 'stdlib');
const ids = [...new Set([...readFileSync(join(ROOT, 'src', 'stats', 'dists.ts'), 'utf8').matchAll(/'(@stdlib\/[^']+)'/g)].map((m) => m[1]))];

const P = [0, 1e-12, 0.025, 0.3, 0.5, 0.975, 1 - 1e-12, 1, -0.1, 1.1, NaN];
const X = [-1, 0, 0.5, 1, 2.5, 7, 30, 1e4, NaN];
/** Arguments tried for each function: every combination of the lists. */
const GRID: Record<string, number[][]> = {
  'stats-base-dists-normal-quantile': [P, [0, 1.5], [1, 0.2, 0, -1]],
  'stats-base-dists-normal-cdf': [X, [0, 1.5], [1, 0.2, 0]],
  'stats-base-dists-beta-quantile': [P, [0.5, 1, 13.5], [0.5, 28.5, 0]],
  'stats-base-dists-beta-cdf': [P, [0.5, 1, 13.5], [0.5, 28.5, 0]],
  'stats-base-dists-binomial-cdf': [X, [0, 10, 1000], [0, 0.3, 1, 2]],
  'stats-base-dists-binomial-pmf': [[0, 1, 3, 10, 2.5], [0, 10, 1000], [0, 0.3, 1]],
  'stats-base-dists-chisquare-cdf': [X, [1, 2, 9.5, 0]],
  'stats-base-dists-gamma-logpdf': [X, [0.5, 1, 40], [1, 2.5, 0]],
  'stats-base-dists-gamma-quantile': [P, [0.5, 1, 40, 1e5], [1, 2.5, 0]],
  'stats-base-dists-hypergeometric-logpmf': [[0, 1, 4, 9], [20, 100], [5, 40], [9, 30]],
  'stats-base-dists-t-quantile': [P, [1, 2.5, 30, 1e6, 0]],
  'stats-base-dists-t-cdf': [X, [1, 2.5, 30, 1e6, 0]],
};

const combos = (lists: number[][]): number[][] => lists.reduce<number[][]>((acc, l) => acc.flatMap((a) => l.map((v) => [...a, v])), [[]]);
const bundleOf = (id: string) => join(VENDOR, `${id.slice('@stdlib/'.length).replaceAll('/', '__')}.cjs`);

describe('the zod bundle, dist/vendor/zod.js', () => {
  it('holds zod itself (imports no package) and is what the built mapping reader imports', () => {
    const text = readFileSync(join(ROOT, 'dist', 'vendor', 'zod.js'), 'utf8');
    expect(text.length).toBeGreaterThan(100_000);
    expect(text).not.toMatch(/\bfrom\s*["']zod/);
    expect(text).not.toMatch(/\bimport\s*\(?\s*["'][^."']/);
    expect(readFileSync(join(ROOT, 'dist', 'io', 'mapping-file.js'), 'utf8')).toContain("from '../vendor/zod.js'");
    // zod's source has no @license comment: the build puts its LICENSE at the top
    expect(text.slice(0, 2000)).toMatch(/MIT License[\s\S]*Copyright \(c\) \d{4} Colin McDonnell/);
  });

  it('accepts and rejects as the package does, with the same messages', async () => {
    const { z: bundled } = (await import(pathToFileURL(join(ROOT, 'dist', 'vendor', 'zod.js')).href)) as { z: typeof zodPackage };
    const schema = (z: typeof zodPackage) =>
      z.strictObject({ columns: z.record(z.string(), z.record(z.string(), z.string().min(1))).optional(), options: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).partial().optional(), n: z.number().int().min(1).optional() });
    const inputs: unknown[] = [{}, { columns: { cohort: { person_id: 'ID' } } }, { columns: { cohort: { person_id: '' } } }, { options: { asOf: '2024-13' } }, { extra: 1 }, { n: 0.5 }, { n: 'x' }, null, [], { columns: 'x' }];
    const run = (z: typeof zodPackage) => inputs.map((v) => {
      const r = schema(z).safeParse(v);
      return r.success ? { ok: r.data } : { issues: r.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };
    });
    const got = run(bundled);
    expect(got).toEqual(run(zodPackage));
    expect(got.filter((r) => 'issues' in r)).toHaveLength(8);
  });
});

describe('the @stdlib bundles in dist/vendor/stdlib', () => {
  it('exist for every package src/stats/dists.ts loads, and no others', () => {
    expect(existsSync(VENDOR), 'run `npm run build` first').toBe(true);
    expect(ids.length).toBeGreaterThanOrEqual(14);
    expect(readdirSync(VENDOR).sort()).toEqual(ids.map((id) => bundleOf(id).slice(VENDOR.length + 1)).sort());
  });

  it('are what the built dists.js loads', async () => {
    const built = (await import(pathToFileURL(join(ROOT, 'dist', 'stats', 'dists.js')).href)) as { stdlibSource: (id: string) => string };
    for (const id of ids) expect(built.stdlibSource(id)).toBe(bundleOf(id));
    for (const id of ids) expect(readFileSync(bundleOf(id), 'utf8').slice(0, 20000)).toMatch(/Apache License[\s\S]*The Stdlib Authors/);
  });

  for (const [name, lists] of Object.entries(GRID)) {
    it(`${name}: the bundle gives the package's values`, () => {
      const pkg = require(`@stdlib/${name}`) as (...a: number[]) => number;
      const bundled = require(bundleOf(`@stdlib/${name}`)) as (...a: number[]) => number;
      expect(bundled).not.toBe(pkg);
      const args = combos(lists);
      expect(args.map((a) => bundled(...a))).toEqual(args.map((a) => pkg(...a)));
    });
  }

  it('every function package has a grid here', () => {
    const fns = ids.filter((id) => id.startsWith('@stdlib/stats-')).map((id) => id.slice('@stdlib/'.length));
    expect(fns.sort()).toEqual(Object.keys(GRID).sort());
  });

  it('random-base-binomial: the bundled sampler and factory draw what the packages draw', () => {
    // a fixed stream of uniforms, so both see the same randomness
    const stream = () => {
      let s = 7;
      return () => ((s = (s * 48271) % 2147483647) / 2147483647);
    };
    const draws = (sample: (r: () => number, n: number, p: number) => number) => {
      const r = stream();
      return [10, 100, 5000, 1e6].flatMap((n) => [0.05, 0.3, 0.5].map((p) => sample(r, n, p)));
    };
    const pkgSample = require('@stdlib/random-base-binomial/lib/binomial.js');
    const bundledSample = require(bundleOf('@stdlib/random-base-binomial/lib/binomial.js'));
    expect(draws(bundledSample)).toEqual(draws(pkgSample));
    const viaFactory = (m: { factory: (o: { prng: () => number }) => (n: number, p: number) => number }) => {
      const f = m.factory({ prng: stream() });
      return [f(100, 0.3), f(-1, 0.3), f(10, 2), f(5000, 0.5)];
    };
    const got = viaFactory(require(bundleOf('@stdlib/random-base-binomial')));
    expect(got).toEqual(viaFactory(require('@stdlib/random-base-binomial')));
    expect(got.filter(Number.isNaN)).toHaveLength(2);
  });
});
