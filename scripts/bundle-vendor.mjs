#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: third-party code on the start-up path made into single
 * files, which load several times faster than the many small modules they are made of.
 *
 * 1. zod: dist/vendor/zod.js (compiled from src/vendor/zod.ts, a re-export) is replaced by one
 *    minified ESM bundle of zod (90 ms to load as a package, about 50 ms as the bundle).
 * 2. Each @stdlib function that src/stats/dists.ts loads becomes one file,
 * dist/vendor/stdlib/<package path>.cjs, bundled by esbuild. An @stdlib function is a tree of
 * a hundred or more small CommonJS packages (the gamma quantile opens about 600 files and takes
 * 140 ms to load; its bundle loads in about 20 ms). The bundles hold the packages' code unchanged
 * (no minification), licence comments kept (once each, at the end); dists.ts loads a bundle when the build made one and
 * the package itself otherwise (under vitest, which runs src/).
 *
 * The list is read from dists.ts itself (every '@stdlib/...' string), so it cannot drift.
 *
 *   node scripts/bundle-vendor.mjs          # after tsc; writes dist/vendor/
 */
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));

/** The ids dists.ts requires, e.g. '@stdlib/stats-base-dists-gamma-quantile'. */
export function stdlibIds(source) {
  return [...new Set([...source.matchAll(/'(@stdlib\/[^']+)'/g)].map((m) => m[1]))].sort();
}

/** The bundle's file name for an id (dists.ts computes the same name). */
export const bundleName = (id) => `${id.slice('@stdlib/'.length).replaceAll('/', '__')}.cjs`;

async function main() {
  const ids = stdlibIds(readFileSync(join(ROOT, 'src', 'stats', 'dists.ts'), 'utf8'));
  if (ids.length === 0) throw new Error('src/stats/dists.ts names no @stdlib package');
  await build({
    entryPoints: [join(ROOT, 'src', 'vendor', 'zod.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile: join(ROOT, 'dist', 'vendor', 'zod.js'),
    legalComments: 'eof',
    logLevel: 'warning',
    allowOverwrite: true,
  });
  const out = join(ROOT, 'dist', 'vendor', 'stdlib');
  rmSync(out, { recursive: true, force: true });
  for (const id of ids) {
    await build({
      entryPoints: [require.resolve(id)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(out, bundleName(id)),
      legalComments: 'eof',
      logLevel: 'warning',
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    process.stderr.write(`bundle-vendor: ${e.message}\n`);
    process.exit(1);
  });
}
