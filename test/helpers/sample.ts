/** The bundled sample dataset, loaded in-process as the CLI would (as-of from its desist.json). */
import { Readable } from 'node:stream';
import { isoDay } from '../../src/core/days.js';
import { loadDataset } from '../../src/io/load.js';
import type { Dataset } from '../../src/model/dataset.js';

let cached: Promise<Dataset> | undefined;

export function sampleDataset(): Promise<Dataset> {
  cached ??= loadDataset(
    { cohort: 'cohort.csv', charges: 'charges.csv', custody: 'custody.csv' },
    { cwd: 'sample-data', stdin: Readable.from([]), maxErrors: 20, asOf: isoDay('2025-03-31') },
  ).then((l) => l.dataset);
  return cached;
}
