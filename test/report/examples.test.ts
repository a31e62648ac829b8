/**
 * Every `@example EXPR === VALUE` (or `!== null` / `=== null`) line in the doc comments of the
 * report modules is run here, so the examples cannot drift from the code.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as numbers from '../../src/report/numbers.js';
import * as layout from '../../src/report/layout.js';
import * as agreement from '../../src/report/agreement.js';

const MODULES: [string, Record<string, unknown>][] = [
  ['numbers.ts', numbers],
  ['layout.ts', layout],
  ['agreement.ts', agreement],
];

for (const [file, mod] of MODULES) {
  describe(`@example in src/report/${file}`, () => {
    const text = readFileSync(join(__dirname, '..', '..', 'src', 'report', file), 'utf8');
    const examples = [...text.matchAll(/@example (.+?) (===|!==) (.+?)(?: \*\/)?$/gm)];
    it('has examples', () => expect(examples.length).toBeGreaterThan(0));
    for (const [, expr, op, want] of examples) {
      it(`${expr} ${op} ${want}`, () => {
        const names = Object.keys(mod);
        const got = new Function(...names, `return (${expr});`)(...names.map((n) => mod[n]));
        const expected = new Function(`return (${want});`)();
        if (op === '===') expect(got).toEqual(expected);
        else expect(got).not.toEqual(expected);
      });
    }
  });
}
