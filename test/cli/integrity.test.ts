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
