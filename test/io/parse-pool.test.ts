/**
 * Parsing threads readied before the command line is parsed (src/io/parse-pool.ts): the guess
 * of how many a command line will use, their use by the parallel reader (the same rows as
 * without them), and a run that does not use them ending promptly with its own exit code.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { endParseThreads, likelyParseThreads, readyParseThreadCount, readyParseThreads } from '../../src/io/parse-pool.js';
import { loadDataset } from '../../src/io/load.js';
import { startParallel } from '../../src/io/events.js';
import { desist, plainEnv } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'desist-pool-'));
const big = join(dir, 'big');
mkdirSync(big);
writeFileSync(join(big, 'cohort.csv'), 'person_id,cohort_start,cohort_end,group\n1,2023-01-01,,a\n');
writeFileSync(join(big, 'charges.csv'), `person_id,charge_date,offence_date,offence_code\n${'1,2023-06-01,,X\n'.repeat(100)}`);
writeFileSync(join(big, 'custody.csv'), `person_id,custody_start,custody_end,custody_type\n${Array.from({ length: 10 }, (_, i) => `1,2023-03-${10 + i},2023-03-${10 + i},remand\n`).join('')}`);
const env = (minBytes: number, threads = '2') => ({ DESIST_THREADS: threads, DESIST_PARALLEL_MIN_BYTES: String(minBytes) });

afterEach(() => endParseThreads());

describe('likelyParseThreads: how many threads a command line will use', () => {
  it('one per allowed thread for each big file of the dataset folder', () => {
    expect(likelyParseThreads(['quarterly', 'big'], env(1000), dir)).toBe(2); // charges only
    expect(likelyParseThreads(['compare', big, '--as-of', '2024-01-01'], env(10), '/')).toBe(4); // both
    expect(likelyParseThreads(['validate', 'big'], env(10, '3'), dir)).toBe(6);
  });
  it('none when unsure or not needed', () => {
    expect(likelyParseThreads(['quarterly', 'big'], env(1 << 30), dir)).toBe(0); // small files
    expect(likelyParseThreads(['quarterly', 'big'], env(10, '1'), dir)).toBe(0); // one thread allowed
    expect(likelyParseThreads(['quarterly', 'missing'], env(10), dir)).toBe(0);
    expect(likelyParseThreads(['quarterly', '--from-counts', 'x.csv'], env(10), dir)).toBe(0);
    expect(likelyParseThreads(['quarterly', 'big', '--from-counts', 'x.csv'], env(10), dir)).toBe(0);
    expect(likelyParseThreads(['ci', 'big'], env(10), dir)).toBe(0);
    expect(likelyParseThreads(['batch', 'big'], env(10), dir)).toBe(0);
    expect(likelyParseThreads([], env(10), dir)).toBe(0);
  });
});

describe('readied threads', () => {
  const load = (threads: number) =>
    loadDataset({ cohort: 'cohort.csv', charges: 'charges.csv', custody: 'custody.csv' }, { cwd: big, stdin: Readable.from([]), maxErrors: 20, parallel: { threads, minBytes: 0 } });

  it('are taken by the parallel reader, which reads what the sequential reader reads', async () => {
    readyParseThreads(4);
    expect(readyParseThreadCount()).toBe(4);
    const parallel = await load(2);
    expect(readyParseThreadCount()).toBe(0); // two for charges, two for custody
    const sequential = await load(1);
    expect(parallel.inputs).toEqual(sequential.inputs);
    expect(parallel.dataset.charges).toEqual(sequential.dataset.charges);
    expect(parallel.dataset.custody).toEqual(sequential.dataset.custody);
    expect(parallel.inputs[1].accepted).toBe(1); // 100 rows, 99 exact duplicates
    expect(parallel.inputs[1].deduplicated).toBe(99);
    expect(parallel.inputs[2].merged).toBe(9); // ten adjacent days, one stretch
  });

  it('left unused are ended with the run, which keeps its exit code', () => {
    // big enough to ready threads; an unknown custody mode is refused before anything is read
    const r = desist(['quarterly', join(dir, 'big'), '--custody-mode', 'bogus'], plainEnv(env(10)), { timeout: 20_000 });
    expect(r.stderr).toMatch(/bogus/);
    expect(r.code).toBe(2);
  });

  it('are stopped when the load fails elsewhere: the error comes at once', async () => {
    const job = startParallel('charges', join(big, 'charges.csv'), 'charges.csv', undefined, undefined, { threads: 2, minBytes: 0 })!;
    job.cancel();
    await expect(job.finish()).rejects.toThrow(/parsing thread stopped/);

    const badCustody = join(dir, 'bad-custody');
    mkdirSync(badCustody);
    for (const f of ['cohort.csv', 'charges.csv']) writeFileSync(join(badCustody, f), readFileSync(join(big, f)));
    writeFileSync(join(badCustody, 'custody.csv'), 'person_id,custody_end\n1,2023-03-05\n');
    const load = (cwd: string) => loadDataset({ cohort: 'cohort.csv', charges: 'charges.csv', custody: 'custody.csv' }, { cwd, stdin: Readable.from([]), maxErrors: 20, parallel: { threads: 2, minBytes: 0 } });
    await expect(load(badCustody)).rejects.toThrow(/custody_start/);
    const r = desist(['quarterly', badCustody], plainEnv(env(10)), { timeout: 20_000 });
    expect(r.stderr).toMatch(/^desist: .*custody_start/);
    expect(r.stderr).not.toMatch(/\n\s+at |Unhandled/);
    expect(r.code).toBe(65);
  });

  it('do not change the order of the warnings (which file was read first depends on sizes and threads)', async () => {
    const bad = join(dir, 'bad-bytes');
    mkdirSync(bad);
    writeFileSync(join(bad, 'cohort.csv'), readFileSync(join(big, 'cohort.csv')));
    const invalid = Buffer.from([0xff, 0xfe]);
    writeFileSync(join(bad, 'charges.csv'), Buffer.concat([readFileSync(join(big, 'charges.csv')), Buffer.from('1,2023-06-02,,'), invalid, Buffer.from('\n')]));
    writeFileSync(join(bad, 'custody.csv'), Buffer.concat([readFileSync(join(big, 'custody.csv')), Buffer.from('1,2023-04-01,2023-04-02,'), invalid, Buffer.from('\n')]));
    const load = (threads: number, minBytes: number) =>
      loadDataset({ cohort: 'cohort.csv', charges: 'charges.csv', custody: 'custody.csv' }, { cwd: bad, stdin: Readable.from([]), maxErrors: 20, parallel: { threads, minBytes } });
    // charges on threads and custody here (custody read first), against both read here
    const custodyFirst = await load(2, 1000);
    const sequential = await load(1, 0);
    const utf8 = (w: string[]) => w.filter((x) => /UTF-8/i.test(x));
    expect(utf8(sequential.warnings)).toHaveLength(2);
    expect(utf8(sequential.warnings)[0]).toMatch(/charges/);
    expect(custodyFirst.warnings).toEqual(sequential.warnings);
  });
});

