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
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));

/** The ids dists.ts requires, e.g. '@stdlib/stats-base-dists-gamma-quantile'. */
export function stdlibIds(source) {
  return [...new Set([...source.matchAll(/'(@stdlib\/[^']+)'/g)].map((m) => m[1]))].sort();
}

/** The bundle's file name for an id (dists.ts computes the same name). */
export const bundleName = (id) => `${id.slice('@stdlib/'.length).replaceAll('/', '__')}.cjs`;

/** zod's and @stdlib's licence and notice files, for the bundles' banners (their sources carry no @license comment for esbuild to keep). */
function licenceBanner(pkgDirs) {
  const seen = new Set();
  const parts = [];
  for (const dir of pkgDirs) {
    for (const f of ['LICENSE', 'NOTICE']) {
      let text;
      try {
        text = readFileSync(join(dir, f), 'utf8').trim();
      } catch {
        continue;
      }
      if (seen.has(text)) continue;
      seen.add(text);
      parts.push(`${basename(dir)} ${f}:\n${text}`);
    }
  }
  return `/*!\n${parts.join('\n\n').replaceAll('*/', '* /')}\n*/`;
}

/** The package folder holding a resolved file (the nearest folder with a package.json naming the package). */
function packageDir(id) {
  const name = id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');
  return dirname(require.resolve(`${name}/package.json`));
}

async function main() {
  const ids = stdlibIds(readFileSync(join(ROOT, 'src', 'stats', 'dists.ts'), 'utf8'));
  if (ids.length === 0) throw new Error('src/stats/dists.ts names no @stdlib package');
  const out = join(ROOT, 'dist', 'vendor', 'stdlib');
  // no stale bundles from an earlier build, whatever happens below
  rmSync(out, { recursive: true, force: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'src', 'vendor', 'zod.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile: join(ROOT, 'dist', 'vendor', 'zod.js'),
    banner: { js: licenceBanner([packageDir('zod')]) },
    legalComments: 'eof',
    logLevel: 'warning',
    allowOverwrite: true,
  });
  for (const id of ids) {
    await build({
      entryPoints: [require.resolve(id)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(out, bundleName(id)),
      banner: { js: licenceBanner([packageDir(id)]) },
      legalComments: 'eof',
      logLevel: 'warning',
    });
  }
}

// Run as a script (paths compared as paths: a URL percent-encodes spaces and other characters).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((e) => {
    // The bundles only make start-up faster: without them desist loads the packages themselves.
    // So a build without esbuild's binary (npm ci --omit=optional) still succeeds, and says so.
    rmSync(join(ROOT, 'dist', 'vendor', 'stdlib'), { recursive: true, force: true });
    process.stderr.write(`bundle-vendor: no bundles made (${String(e.message).split('\n')[0]}); desist will load zod and @stdlib from node_modules, more slowly\n`);
  });
}
