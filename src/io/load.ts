/**
 * Loading a whole dataset: the three extracts -> the indexed model, with reconciliation counts
 * and every rejection. Loading is separate from computing: one loaded Dataset answers any
 * number of measures.
 *
 * With the as-of date known up front (--as-of or desist.json), every rule is applied while
 * reading and rows of people outside the cohort are only counted. Without it, as-of is the
 * latest charge date, known only once the charges are read, so its rules run over the staged
 * rows afterwards.
 */
import type { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { openSource } from './source.js';
import { applyAsOfToCohort, applyAsOfToStage, readCohort, readEventsSequential, type CohortPart } from './extract.js';
import { PERSON_REJECTED, type FileCounts, type Rejection } from './rows.js';
import { mergeParts, startParallel, type EventsRole, type ParallelJob, type ParallelOptions, type PersonIndex } from './events.js';
import { encodingFor, type Mapping, type Role } from './mapping.js';
import { utf8Warning } from './utf8.js';
import { formatDay } from '../core/days.js';
import { buildCharges, buildCustody } from '../model/build.js';
import type { Dataset, People } from '../model/dataset.js';
import type { CohortStage } from './extract.js';
import { dataError, usageError } from '../core/errors.js';
import { consideredRows, percent, rejectedShare } from './tolerance.js';

export interface DatasetFiles {
  cohort: string;
  charges: string;
  custody: string;
}

/**
 * Two cohort files as groups: the treated file (DatasetFiles.cohort) and a comparison file,
 * their people given the two group names. A person in both files is a data error, or under
 * `overlap: 'drop'` is removed from the comparison group (counted in its overlapDropped).
 */
export interface TwoCohorts {
  comparisonFile: string;
  treatedGroup: string;
  comparisonGroup: string;
  overlap: 'error' | 'drop';
}

export interface Loaded {
  dataset: Dataset;
  inputs: FileCounts[];
  rejections: Rejection[];
  warnings: string[];
  /** 'none': only the cohort was read (desist match) and no --as-of was given */
  asOfSource: 'option' | 'latest charge date' | 'none';
}

export async function loadDataset(
  files: DatasetFiles,
  opts: { mapping?: Mapping; asOf?: number; stdin: Readable; maxErrors: number; cwd: string; parallel?: ParallelOptions; covariates?: boolean; onPhase?: (name: string) => void; twoCohorts?: TwoCohorts },
): Promise<Loaded> {
  const rejections: Rejection[] = [];
  const warnings: string[] = [];
  const { mapping } = opts;
  const abs = (f: string) => (f === '-' ? '-' : resolve(opts.cwd, f));
  const open = (f: string, role: Role) => openSource(abs(f), opts.stdin, f, encodingFor(mapping, role));
  const utf8 = (file: string, r: { badLines: number; firstLine: number }) => {
    const w = utf8Warning(file, r);
    if (w) warnings.push(w);
  };
  const given = opts.asOf;
  const par = opts.parallel ?? { threads: 1, minBytes: Infinity };

  // Large plain charges and custody files start parsing on worker threads now, while this
  // thread reads the cohort; streams (stdin, gzip) and small files are read here afterwards.
  const start = (role: EventsRole, f: string) => (f === '-' ? null : startParallel(role, abs(f), f, mapping, given, par));
  // If the load fails while threads are parsing (a bad cohort or custody file), they are stopped:
  // the error is reported at once, not after parts no one will read.
  let custodyJob: ParallelJob | null = null;
  const chargesJob = start('charges', files.charges);
  const cancel = () => {
    chargesJob?.cancel();
    custodyJob?.cancel();
  };
  const guarded = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      cancel();
      throw e;
    }
  };
  try {
    custodyJob = start('custody', files.custody);
  } catch (e) {
    cancel();
    throw e;
  }

  const phase = opts.onPhase ?? (() => {});
  phase(`reading ${files.cohort}${chargesJob || custodyJob ? ' (and the other extracts on worker threads)' : ''}`);
  const cohort = await guarded(readCohorts(
    files.cohort,
    opts.twoCohorts,
    async (f) => {
      const source = open(f.file, 'cohort');
      const read = await readCohort(source, mapping, rejections, opts.maxErrors, given, opts.covariates ?? false, f.asGroup);
      utf8(source.name, source.utf8());
      return read;
    },
    opts.maxErrors,
  ));
  // The cohort's ids, for the extracts' ids to be mapped to cohort indices (events.ts,
  // personsOf): by each parsing thread still parsing now, when it has parsed (in parallel; the
  // map's arrays are shared, not copied); by mergeParts for the other parts.
  const { index: ids, entryPerson } = cohort.stage;
  const entries = entryPerson.data.subarray(0, entryPerson.length);
  const persons: PersonIndex = { ids: ids.table(), entryPerson: chargesJob || custodyJob ? sharedCopy(entries) : entries };
  chargesJob?.persons(persons);
  custodyJob?.persons(persons);
  // UTF-8 warnings of the two files, given in this order whichever was read first (that depends
  // on file sizes and threads, and the output must not)
  const utf8Of: Record<EventsRole, [string, { badLines: number; firstLine: number }] | undefined> = { charges: undefined, custody: undefined };
  const readEvents = async (role: EventsRole, f: string, job: typeof chargesJob) => {
    if (job) {
      const read = await job.finish();
      utf8Of[role] = [f, read.utf8];
      return mergeParts(read, persons);
    }
    const source = open(f, role);
    const part = await readEventsSequential(role, source, mapping, given);
    utf8Of[role] = [source.name, source.utf8()];
    return mergeParts({ parts: [part], sha256: source.sha256(), gzip: source.gzip(), delimiter: part.counts.delimiter, spec: part.spec }, persons);
  };
  // Files read here come first, while the workers parse the others: this thread would otherwise
  // sit idle waiting for them and read the small file afterwards.
  const readInTurn = async (role: EventsRole, f: string, job: typeof chargesJob) => {
    phase(`reading ${f}`);
    return guarded(readEvents(role, f, job));
  };
  let charges: Awaited<ReturnType<typeof readEvents>>;
  let custody: Awaited<ReturnType<typeof readEvents>>;
  // Custody before charges when the charges are on threads: a custody file read here is read
  // while they parse; one on threads too is smaller, so its parts come first, and their ids,
  // when the threads finished before the cohort (5M people), are mapped while the charges parse.
  if (chargesJob) {
    custody = await readInTurn('custody', files.custody, custodyJob);
    charges = await readInTurn('charges', files.charges, chargesJob);
  } else {
    charges = await readInTurn('charges', files.charges, chargesJob);
    custody = await readInTurn('custody', files.custody, custodyJob);
  }
  for (const role of ['charges', 'custody'] as const) if (utf8Of[role]) utf8(...utf8Of[role]);
  rejections.push(...charges.rejections, ...custody.rejections);

  let asOf: number;
  let asOfSource: Loaded['asOfSource'] = 'option';
  const cs = cohort.stage;
  let keep: Uint8Array | null = null;
  if (given !== undefined) asOf = given;
  else {
    if (charges.maxDate === null) {
      throw usageError('the charges extract has no usable charge_date to take the as-of date from: give --as-of YYYY-MM-DD');
    }
    asOf = charges.maxDate;
    asOfSource = 'latest charge date';
    warnings.push(`--as-of not given: using the latest charge date in the extract, ${formatDay(asOf)}`);
    keep = applyAsOfToCohort(cohort.parts, asOf, cs, rejections);
    let renumber: Int32Array | null = null;
    if (keep.includes(0)) {
      renumber = new Int32Array(keep.length).fill(PERSON_REJECTED);
      let q = 0;
      for (let i = 0; i < keep.length; i++) if (keep[i]) renumber[i] = q++;
    }
    applyAsOfToStage('charges', charges.counts.file, asOf, charges.views, renumber, charges.counts, rejections);
    applyAsOfToStage('custody', custody.counts.file, asOf, custody.views, renumber, custody.counts, rejections);
    if (!renumber) keep = null;
  }

  const people = peopleFrom(cs, keep);

  phase('indexing charges and custody by person');
  const builtCharges = buildCharges(charges.views, people.n, charges.codes, charges.hasRest);
  charges.counts.deduplicated = builtCharges.duplicates;
  charges.counts.accepted -= builtCharges.duplicates;
  const builtCustody = buildCustody(custody.views, people.n);
  custody.counts.merged = builtCustody.merged;

  const inputs = [...cohort.parts.map((c) => c.counts), charges.counts, custody.counts];
  warnings.push(...fileWarnings(inputs, asOf));
  const order = { cohort: 0, charges: 1, custody: 2 };
  rejections.sort((x, y) => order[x.role] - order[y.role] || x.line - y.line);
  return {
    dataset: { asOf, people, charges: builtCharges.charges, custody: builtCustody.custody },
    inputs,
    rejections,
    warnings,
    asOfSource,
  };
}

/** A copy of `a` in a SharedArrayBuffer (sent to other threads without a further copy). */
function sharedCopy(a: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(a.length * 4));
  out.set(a);
  return out;
}

/** People from the staged cohort rows, keeping those `keep` marks (all when null). */
function peopleFrom(cs: CohortStage, keep: Uint8Array | null): People {
  const pick = <T>(v: ArrayLike<T>): T[] => (keep ? Array.from(v).filter((_, i) => keep![i] === 1) : Array.from(v));
  const pickInt = (v: Int32Array): Int32Array => (keep ? v.filter((_, i) => keep![i] === 1) : v);
  const covariates = new Map<string, string[]>();
  for (const [k, v] of cs.covariates) covariates.set(k, pick(v));
  const index = cs.index;
  const personEntry = cs.personEntry.data;
  const original = keep ? Int32Array.from(Array.from(keep).flatMap((v, i) => (v ? [i] : []))) : null;
  const groupNames: string[] = [];
  for (let g = 0; g < cs.groups.size; g++) groupNames.push(cs.groups.key(g));
  return {
    n: keep ? original!.length : cs.personEntry.length,
    id: (p: number) => index.key(personEntry[original ? original[p] : p]),
    cohortStart: pickInt(cs.start.finish()),
    cohortEnd: pickInt(cs.end.finish()),
    group: pickInt(cs.group.finish()),
    groupNames,
    covariates,
  };
}

/** Warnings every load gives: end dates read as open, rows rejected. */
function fileWarnings(inputs: FileCounts[], asOf: number): string[] {
  const warnings: string[] = [];
  for (const c of inputs) {
    if (c.endAfterAsOf > 0) {
      const col = c.role === 'cohort' ? 'cohort_end' : 'custody_end';
      warnings.push(`${c.file}: ${c.endAfterAsOf} ${col} date${c.endAfterAsOf > 1 ? 's' : ''} after the as-of date ${formatDay(asOf)} read as open (not yet happened)`);
    }
    if (c.rejected > 0) {
      warnings.push(`${c.file}: ${c.rejected.toLocaleString('en-GB')} of ${consideredRows(c).toLocaleString('en-GB')} rows rejected (${percent(rejectedShare(c))}; run 'desist validate' for the list)`);
    }
  }
  return warnings;
}

/**
 * Read the cohort extract alone (desist match needs no charges or custody). With --as-of, its
 * rules apply to the cohort as in {@link loadDataset}; without it there is no as-of date
 * (`asOfSource` 'none') and no cohort row is rejected for being after it.
 */
export async function loadCohortOnly(
  file: string,
  opts: { mapping?: Mapping; asOf?: number; stdin: Readable; maxErrors: number; cwd: string; onPhase?: (name: string) => void },
): Promise<Loaded> {
  const rejections: Rejection[] = [];
  (opts.onPhase ?? (() => {}))(`reading ${file}`);
  const source = openSource(file === '-' ? '-' : resolve(opts.cwd, file), opts.stdin, file);
  const cohort = await readCohort(source, opts.mapping, rejections, opts.maxErrors, opts.asOf, true);
  const people = peopleFrom(cohort.stage, null);
  let latest = 0;
  for (const d of people.cohortStart) if (d > latest) latest = d;
  // without --as-of nothing depends on it: the latest cohort start stands in, unreported
  const asOf = opts.asOf ?? latest;
  const none = { blocks: [], rows: [] };
  return {
    dataset: {
      asOf,
      people,
      charges: buildCharges([none], people.n, [], false).charges,
      custody: buildCustody([none], people.n).custody,
    },
    inputs: [cohort.counts],
    rejections,
    warnings: fileWarnings([cohort.counts], asOf),
    asOfSource: opts.asOf === undefined ? 'none' : 'option',
  };
}

type ReadOne = (f: { file: string; asGroup?: Parameters<typeof readCohort>[6] }) => ReturnType<typeof readCohort>;

/**
 * The cohort: one file, or two files as groups (treated first, so that an overlapping person
 * is removed from the comparison group under `drop`).
 */
async function readCohorts(file: string, two: TwoCohorts | undefined, read: ReadOne, maxErrors: number) {
  if (!two) {
    const one = await read({ file });
    return { stage: one.stage, parts: [{ file, counts: one.counts, from: 0, to: one.stage.start.length }] as CohortPart[] };
  }
  const t = await read({ file, asGroup: { group: two.treatedGroup } });
  const nT = t.stage.start.length;
  const cont = { stage: t.stage, firstEntry: t.stage.index.size, seenLines: t.seenLines, overlap: two.overlap, overlapLines: [] as number[] };
  const c = await read({ file: two.comparisonFile, asGroup: { group: two.comparisonGroup, continueFrom: cont } });
  const k = cont.overlapLines.length;
  if (k > 0 && two.overlap === 'error') {
    throw dataError(
      `${k === 1 ? '1 person is' : `${k} people are`} in both cohort files (${file} and ${two.comparisonFile}): a person can be in one group only; --overlap drop removes them from the comparison group`,
      two.comparisonFile,
      cont.overlapLines.slice(0, maxErrors).map((l) => `${two.comparisonFile}:${l}: this person is also in ${file}`),
    );
  }
  const parts: CohortPart[] = [
    { file, counts: t.counts, from: 0, to: nT },
    { file: two.comparisonFile, counts: c.counts, from: nT, to: c.stage.start.length },
  ];
  return { stage: c.stage, parts };
}
