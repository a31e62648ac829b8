/** The README's Quick start (the options reference is docs/options.md: see docs.test.ts). */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('README', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  it('has a Quick start of exactly two commands, one running the main job and one the tests', () => {
    const quick = readme.split('## Quick start')[1].split('\n## ')[0];
    const block = /```sh\n([\s\S]*?)```/.exec(quick)![1].trim().split('\n');
    expect(block).toEqual(['npm ci && npx desist quarterly sample-data/', 'npm ci && npm test']);
  });
});
