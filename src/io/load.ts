/**
 * Loading a whole dataset: the three extracts -> the indexed model, with reconciliation counts
 * and every rejection. Loading is separate from computing: one loaded Dataset answers any
 * number of measures.
 */
import type { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { openSource } from './source.js';
import { applyAsOf, readCohort, readEvents, type FileCounts, type Rejection } from './extract.js';
import type { Mapping } from './mapping.js';
import { formatDay, NO_DATE, OPEN_END } from './dates.js';
import { buildCharges, buildCustody } from '../model/build.js';
import type { Dataset } from '../model/dataset.js';
import { usageError } from '../cli/errors.js';

export interface DatasetFiles {
  cohort: string;
  charges: string;
  custody: string;
}

export interface Loaded {
  dataset: Dataset;
  inputs: FileCounts[];
  rejections: Rejection[];
  warnings: string[];
  asOfSource: 'option' | 'latest charge date';
}

function filter(col: Int32Array, keep: Uint8Array, outside?: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] && (!outside || outside[i] >= 0)) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] && (!outside || outside[i] >= 0)) out[k++] = col[i];
  return out;
}

export async function loadDataset(
  files: DatasetFiles,
  opts: { mapping?: Mapping; asOf?: number; stdin: Readable; maxErrors: number; cwd: string },
): Promise<Loaded> {
  const rejections: Rejection[] = [];
  const warnings: string[] = [];
  const { mapping } = opts;
  const open = (f: string) => openSource(f === '-' ? '-' : resolve(opts.cwd, f), opts.stdin, f);

  const cohort = await readCohort(open(files.cohort), mapping, rejections, opts.maxErrors);
  const personIndex = new Map<string, number>();
  cohort.stage.ids.forEach((id, i) => personIndex.set(id, i));
  const charges = await readEvents('charges', open(files.charges), mapping, rejections, personIndex);
  const custody = await readEvents('custody', open(files.custody), mapping, rejections, personIndex);

  let asOf = opts.asOf;
  let asOfSource: Loaded['asOfSource'] = 'option';
  if (asOf === undefined) {
    const cd = charges.stage.a;
    if (cd.length === 0) throw usageError('the charges extract has no usable charge_date to take the as-of date from: give --as-of YYYY-MM-DD');
    let max = cd.data[0];
    for (let i = 1; i < cd.length; i++) if (cd.data[i] > max) max = cd.data[i];
    asOf = max;
    asOfSource = 'latest charge date';
    warnings.push(`--as-of not given: using the latest charge date in the extract, ${formatDay(asOf)}`);
  }

  // Rules that need as-of.
  const cs = cohort.stage;
  const cStart = cs.start.finish();
  const cEnd = cs.end.finish();
  const cKeep = applyAsOf('cohort', cohort.counts.file, asOf, [
    { name: 'cohort_start', values: cStart, sentinel: OPEN_END },
    { name: 'cohort_end', values: cEnd, sentinel: OPEN_END, open: true },
  ], cs.line.finish(), cohort.counts, rejections);

  // People rejected by as-of leave the cohort: re-number the rest.
  const newIndex = new Int32Array(cStart.length).fill(-1);
  let n = 0;
  for (let i = 0; i < cKeep.length; i++) if (cKeep[i]) newIndex[i] = n++;
  const group = cs.group.finish();
  const covariates = new Map<string, string[]>();
  for (const [k, v] of cs.covariates) covariates.set(k, v.filter((_, i) => cKeep[i] === 1));
  const people = {
    n,
    ids: cs.ids.filter((_, i) => cKeep[i] === 1),
    cohortStart: filter(cStart, cKeep),
    cohortEnd: filter(cEnd, cKeep),
    group: filter(group, cKeep),
    groupNames: cs.groups.values,
    covariates,
  };

  const stageEvents = (role: 'charges' | 'custody', r: typeof charges) => {
    const s = r.stage;
    const person = s.person.finish();
    const a = s.a.finish();
    const b = s.b.finish();
    const keep = applyAsOf(role, r.counts.file, asOf!, role === 'charges'
      ? [{ name: 'charge_date', values: a, sentinel: NO_DATE }, { name: 'offence_date', values: b, sentinel: NO_DATE }]
      : [{ name: 'custody_start', values: a, sentinel: OPEN_END }, { name: 'custody_end', values: b, sentinel: OPEN_END, open: true }],
      s.line.finish(), r.counts, rejections);
    for (let i = 0; i < person.length; i++) {
      const p = person[i];
      const q = p >= 0 ? newIndex[p] : -1;
      if (keep[i] && q < 0) r.counts.outsideCohort++;
      person[i] = q;
    }
    return { person: filter(person, keep, person), a: filter(a, keep, person), b: filter(b, keep, person), code: filter(s.code.finish(), keep, person), rest: filter(s.rest.finish(), keep, person), codes: s.codes.values };
  };
  const ch = stageEvents('charges', charges);
  const built = buildCharges({ person: ch.person, chargeDate: ch.a, offenceDate: ch.b, offenceCode: ch.code, rest: ch.rest, codes: ch.codes }, n);
  charges.counts.deduplicated = built.duplicates;
  charges.counts.accepted -= built.duplicates;
  const cu = stageEvents('custody', custody);
  const bc = buildCustody({ person: cu.person, start: cu.a, end: cu.b }, n);
  custody.counts.merged = bc.merged;

  const inputs = [cohort.counts, charges.counts, custody.counts];
  for (const c of inputs) {
    if (c.endAfterAsOf > 0) {
      const col = c.role === 'cohort' ? 'cohort_end' : 'custody_end';
      warnings.push(`${c.file}: ${c.endAfterAsOf} ${col} date${c.endAfterAsOf > 1 ? 's' : ''} after the as-of date ${formatDay(asOf)} read as open (not yet happened)`);
    }
    if (c.rejected > 0) warnings.push(`${c.file}: ${c.rejected} row${c.rejected > 1 ? 's' : ''} rejected (run 'desist validate' for the list)`);
  }
  const order = { cohort: 0, charges: 1, custody: 2 };
  rejections.sort((x, y) => order[x.role] - order[y.role] || x.line - y.line);
  return {
    dataset: { asOf, people, charges: built.charges, custody: bc.custody },
    inputs,
    rejections,
    warnings,
    asOfSource,
  };
}
