/**
 * Integrity under odd and hostile input (issue 9), end to end through the BUILT binary: long
 * records in every reader, pipes and FIFOs, full disks, closed pipes, hostile values in messages.
 * The in-process parts live beside the code they test; these are the ones about streams and processes.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK, bash, desist, ensureBuilt, plainEnv } from '../helpers/bin.js';

beforeAll(ensureBuilt, 180_000);

/** A dataset folder in /tmp: cohort of P0..P9, no custody, the given charges text. */
function dataset(charges: string | Buffer, name = 'charges.csv'): string {
  const dir = mkdtempSync(join(tmpdir(), 'desist-integrity-'));
  writeFileSync(join(dir, 'cohort.csv'), 'person_id,cohort_start,cohort_end,group\n' + Array.from({ length: 10 }, (_, i) => `P${i},2022-01-01,,g`).join('\n') + '\n');
  writeFileSync(join(dir, 'custody.csv'), 'person_id,custody_start,custody_end\n');
  writeFileSync(join(dir, name), charges);
  return dir;
}

const json = (stdout: string) => JSON.parse(stdout) as { meta: { inputs: { role: string; read: number; accepted: number; rejected: number }[] } };

describe('one record per record: a 5 MB quoted field of CSV-like lines, one good row either side', () => {
  const note = Array.from({ length: 260_000 }, (_, i) => `P${i % 10},2023-0${1 + (i % 9)}-1${i % 9},,X${i}`).join('\n');
  const text = `person_id,charge_date,offence_date,offence_code,note\nP1,2023-01-01,,A,\nP2,2023-01-02,,B,"${note}"\nP3,2023-01-03,,C,\n`;
  const plain = dataset(text);
  const gz = dataset(gzipSync(text), 'charges.csv.gz');
  const args = ['validate', '--as-of', '2024-01-01', '--format', 'json', '--reproducible'];
  const readers: [string, () => ReturnType<typeof desist>][] = [
    ['sequential', () => desist([...args, plain], plainEnv({ DESIST_THREADS: '1' }))],
    ['parallel', () => desist([...args, plain], plainEnv({ DESIST_THREADS: '2', DESIST_PARALLEL_MIN_BYTES: '0' }))],
    ['stdin', () => bash(`node bin/desist.js ${args.join(' ')} --cohort ${plain}/cohort.csv --custody ${plain}/custody.csv --charges - < ${plain}/charges.csv`)],
    ['gzip', () => desist([...args, gz])],
  ];
  it.each(readers)('%s: 3 records read, the long one rejected once', (_name, go) => {
    const r = go();
    expect(r.stderr).toMatch(/charges\.csv(\.gz)?:3: record on lines 3-260002 is longer than 1048576 bytes|<stdin>:3: record on lines 3-260002/);
    const charges = json(r.stdout).meta.inputs.find((i) => i.role === 'charges')!;
    expect(charges).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('standard output that cannot be written', () => {
  // issue 9, class 3: a full disk as stdout is exit 73, one line, as -o /dev/full already is
  it.runIf(process.platform === 'linux')('> /dev/full: exit 73 with one line naming standard output', () => {
    const r = bash('node bin/desist.js quarterly sample-data/ --reproducible > /dev/full');
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/^desist: <stdout>: cannot write \(ENOSPC\)\n$/);
    const o = desist(['quarterly', 'sample-data/', '-o', '/dev/full']);
    expect(o.code).toBe(73);
  });

  // issue 9, class 4: a closed reader never turns a failure into success
  it('an early-closed pipe keeps a failure: validate of invalid data | true exits 65', () => {
    const r = bash('node bin/desist.js validate test/fixtures/zoo/bad-rows --as-of 2023-12-31 | true; echo "node=${PIPESTATUS[0]}" >&2');
    expect(r.stderr).toMatch(/node=65\n$/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('an early-closed pipe after a big output that succeeded is success (exit 0)', () => {
    const r = bash('node bin/desist.js followup sample-data/ --curve --format json --reproducible | head -c 10 >/dev/null; echo "node=${PIPESTATUS[0]}" >&2');
    expect(r.stderr).toBe('node=0\n');
  });

  it('an early-closed pipe with a big output and a failure after it keeps the failure', () => {
    const dir = dataset(`person_id,charge_date,offence_date,offence_code\n${Array.from({ length: 3000 }, (_, i) => `P${i % 10},2023-01-0${1 + (i % 9)},,C${i}`).join('\n')}\nP1,2023-02-30,,C\n`);
    const r = bash(`node bin/desist.js validate ${dir} --as-of 2024-01-01 --format json --reproducible | head -c 10 >/dev/null; echo "node=\${PIPESTATUS[0]}" >&2`);
    expect(r.stderr).toMatch(/node=65\n$/);
  });
});

// issue 9, class 2: anything that is not a regular file is read once, as a stream
describe.runIf(process.platform !== 'win32')('named pipes (FIFOs) as inputs', () => {
  const parallel = { DESIST_THREADS: '2', DESIST_PARALLEL_MIN_BYTES: '0' };
  it.each([
    ['charges', 'parallel', parallel],
    ['custody', 'default threads', {}],
  ] as const)('--%s FIFO (%s): read once, same figures as the file', (role, _how, env) => {
    const V = 'test/fixtures/zoo/valid';
    const args = `quarterly --cohort ${V}/cohort.csv --charges ${V}/charges.csv --custody ${V}/custody.csv --as-of 2023-12-31 --format csv --reproducible`;
    const want = bash(`node bin/desist.js ${args}`, plainEnv(env));
    expect(want.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'desist-fifo-'));
    const r = bash(
      `mkfifo ${dir}/p && (cat ${V}/${role}.csv > ${dir}/p &) && timeout 30 node bin/desist.js ${args.replace(`${V}/${role}.csv`, `${dir}/p`)}`,
      plainEnv(env),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(want.stdout);
  });
});
