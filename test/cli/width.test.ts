/**
 * Every command's default human output on sample-data fits the terminal it is printed to:
 * run in-process with a fake stdout that is a terminal of 80 and of 100 columns.
 * Help fits too. The same runs without a terminal use 100 columns.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');

export const HUMAN_RUNS: string[][] = [
  ['validate', 'sample-data/'],
  ['quarterly', 'sample-data/'],
  ['quarterly', 'sample-data/', '--cumulative', '--basis', 'offence'],
  ['followup', 'sample-data/'],
  ['followup', 'sample-data/', '--curve'],
  ['compare', 'sample-data/'],
  ['compare', 'sample-data/', '--measure', 'quarterly'],
  ['compare', 'sample-data/', '--style', 'jdl'],
  ['compare', 'sample-data/', '--treated', 'all', '--at', '365', '--adjust', 'age,sex'],
  ['compare', 'sample-data/', '--measure', 'quarterly', '--between', '2023Q4,2024Q4'],
  ['quarterly', 'sample-data/', '--basis', 'offence', '--nowcast', '--nowcast-draws', '200'],
  ['match', 'sample-data/', '--covariates', 'age,sex,prior_offences', '--replace'],
  ['batch', 'sample-data/batch.yaml'],
  ['explain', 'sample-data/', '--quarter', '2024Q4', '--nowcast-draws', '200'],
  ['ci', '166/2660'],
  ['ci', '62/178', '85/178'],
  ['ci', '10/10', '0/20'],
  ['ci', '--rate', '30/1200', '--rate', '52/1310'],
  ['ci', '--rate', '30/1200', '--per', '1000'],
];

const tooWide = (text: string, width: number) => text.split('\n').filter((l) => l.length > width);

describe('human output fits the terminal', () => {
  for (const args of HUMAN_RUNS) {
    for (const columns of [80, 100]) {
      it(`desist ${args.join(' ')} at ${columns} columns`, async () => {
        const r = await runCli([...args, '--reproducible'], { cwd: ROOT, columns });
        expect(r.code).toBe(0);
        expect(r.stdout).not.toContain(String.fromCharCode(27)); // NO_COLOR: no escape codes
        expect(tooWide(r.stdout, columns)).toEqual([]);
      });
    }
  }
  it('uses 100 columns when stdout is not a terminal', async () => {
    const r = await runCli(['compare', 'sample-data/', '--reproducible'], { cwd: ROOT });
    expect(tooWide(r.stdout, 100)).toEqual([]);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(80);
  });
  for (const cmd of ['validate', 'quarterly', 'followup', 'compare', 'ci']) {
    it(`desist ${cmd} --help fits 80 columns`, async () => {
      const r = await runCli([cmd, '--help'], { cwd: ROOT, columns: 80 });
      expect(tooWide(r.stdout, 80)).toEqual([]);
    });
  }
});
