/**
 * What every analysis command shares: resolving the dataset (folder or files + mapping),
 * loading it, building `meta`, and writing the output.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { Command } from 'commander';
import type { CliIO } from './io.js';
import { DesistError, EXIT, dataError, inputError, usageError } from '../core/errors.js';
import { oneLine } from '../core/text.js';
import { sniffFormat } from '../io/sniff.js';
import { addOptions, checkFileKeys, COMMON, CUSTODY_MODES, DATASET, echoOptions, maxRejectedOpt, parseFileOption, registerSpecs, resolveOptions, type OptSpec, type Opts } from './options.js';
import { DEFAULT_MIN_ROWS, overTolerance, overToleranceMessage, parseTolerance, rejectedShare, withinToleranceNote, type Tolerance } from '../io/tolerance.js';
import { ROLES, dateFormatFor, type Mapping, type Role } from '../io/mapping.js';
import { loadCohortOnly, loadDataset, type Loaded, type TwoCohorts } from '../io/load.js';
import { formatDay } from '../core/days.js';
import { parallelMinBytes, threadsAllowed } from '../core/threads.js';
import { parseDateOption } from '../io/dates.js';
import type { Meta, Output } from '../report/output.js';
import { DEFAULT_WIDTH, FORMATS, render, type Format } from '../report/render.js';
import { makeProgress } from './progress.js';
import { METHOD_VERSION, VERSION } from '../version.js';

export interface Ctx {
  io: CliIO;
  chalk: ChalkInstance;
  /** stderr chalk (colour decided for stderr separately) */
  errChalk: ChalkInstance;
  argv: string[];
}

export function colourLevel(stream: { isTTY?: boolean }, env: CliIO['env'], noColor: boolean): 0 | 1 {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
  return stream.isTTY ? 1 : 0;
}

export function makeCtx(io: CliIO, argv: string[]): Ctx {
  const off = argv.includes('--no-color');
  return {
    io,
    argv,
    chalk: new Chalk({ level: colourLevel(io.stdout, io.env, off) }),
    errChalk: new Chalk({ level: colourLevel(io.stderr, io.env, off) }),
  };
}

export interface DatasetRef {
  /** with `cohortOnly`, charges and custody are '' (not read) */
  files: Record<Role, string>;
  /** only the cohort extract is read (desist match) */
  cohortOnly?: boolean;
  mapping?: Mapping;
  mappingFile?: string;
  mappingSha256?: string;
  /** Two cohort files as groups: `files.cohort` is the treated file, this the comparison file. */
  comparisonCohort?: string;
}

const candidates = (role: Role) => [`${role}.csv`, `${role}.csv.gz`, `${role}.tsv`, `${role}.tsv.gz`, `${role}.txt`, `${role}.parquet`];

/**
 * The dataset named by a folder argument or by --cohort/--charges/--custody. With `cohortOnly`
 * only the cohort is resolved: `--cohort FILE` alone is enough.
 */
export async function resolveDataset(ctx: Ctx, folder: string | undefined, o: Opts, cohortOnly = false): Promise<DatasetRef> {
  const cwd = ctx.io.cwd;
  let mapping: Mapping | undefined;
  let mappingFile: string | undefined;
  let mappingSha256: string | undefined;
  const mapPath = o.map as string | undefined;
  const readMapping = async (path: string, shown: string) => {
    // zod is loaded only when there is a mapping file to check
    const { parseMapping } = await import('../io/mapping-file.js');
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw inputError(`cannot read the mapping file (${(e as NodeJS.ErrnoException).code})`, shown);
    }
    const what = sniffFormat(bytes, 'config');
    if (what) throw new DesistError(EXIT.CONFIG, what, shown);
    const text = bytes.toString('utf8');
    mapping = parseMapping(text, shown);
    mappingFile = shown;
    mappingSha256 = createHash('sha256').update(text).digest('hex');
  };
  if (mapPath) await readMapping(resolve(cwd, mapPath), mapPath);

  const explicit = { cohort: o.cohort as string | undefined, charges: o.charges as string | undefined, custody: o.custody as string | undefined };
  const comparisonCohort = twoCohortFiles(o, explicit);
  const stdinCount = [...Object.values(explicit), comparisonCohort].filter((v) => v === '-').length;
  if (stdinCount > 1) throw usageError("only one of --cohort, --charges, --custody can be '-' (stdin)");

  if (folder !== undefined) {
    const dir = resolve(cwd, folder);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw inputError('no such dataset folder', folder);
    }
    if (!isDir) throw inputError("not a folder: give a dataset folder holding cohort.csv, charges.csv, custody.csv, or use --cohort/--charges/--custody", folder);
    if (!mapPath && existsSync(join(dir, 'desist.json'))) await readMapping(join(dir, 'desist.json'), join(folder, 'desist.json'));
    const files = { cohort: '', charges: '', custody: '' } as Record<Role, string>;
    for (const role of cohortOnly ? (['cohort'] as const) : ROLES) {
      if (explicit[role]) {
        files[role] = explicit[role]!;
        continue;
      }
      const named = mapping?.files?.[role];
      const found = named ? [named] : candidates(role).filter((c) => existsSync(join(dir, c)));
      if (found.length === 0) throw inputError(`no ${role} file: expected ${candidates(role).slice(0, 2).join(' or ')}`, folder);
      // two candidates (charges.csv and charges.csv.gz): reading either one silently is a guess
      if (found.length > 1) {
        throw inputError(`${found.length === 2 ? 'two' : found.length} ${role} files: ${found.slice(0, -1).join(', ')} and ${found[found.length - 1]}; keep one, or name it with --${role}`, folder);
      }
      files[role] = isAbsolute(found[0]) ? found[0] : join(folder, found[0]);
    }
    return { files, mapping, mappingFile, mappingSha256, cohortOnly, comparisonCohort };
  }
  if (cohortOnly) {
    if (!explicit.cohort) throw usageError('give a dataset folder, or --cohort FILE');
    return { files: { cohort: explicit.cohort, charges: '', custody: '' }, mapping, mappingFile, mappingSha256, cohortOnly };
  }
  const missing = ROLES.filter((r) => !explicit[r]);
  if (missing.length > 0) {
    throw usageError(`give a dataset folder, or all of --cohort, --charges and --custody (missing: ${missing.map((m) => `--${m}`).join(', ')})`);
  }
  return { files: explicit as Record<Role, string>, mapping, mappingFile, mappingSha256, comparisonCohort };
}

/**
 * --treated-cohort F --comparison-cohort F: the treated file stands in for the cohort extract;
 * returns the comparison file. Both or neither, and not with --cohort.
 */
function twoCohortFiles(o: Opts, explicit: { cohort?: string }): string | undefined {
  const t = o.treatedCohort as string | undefined;
  const c = o.comparisonCohort as string | undefined;
  if (t === undefined && c === undefined) return undefined;
  if (t === undefined || c === undefined) throw usageError('give both --treated-cohort and --comparison-cohort (two cohort files as groups), or neither');
  if (explicit.cohort !== undefined) throw usageError('--cohort cannot be used with --treated-cohort/--comparison-cohort: the two cohort files are the cohort');
  explicit.cohort = t;
  return c;
}

/**
 * `--custody` names the custody extract (CLI.md) and, in quarterly, the custody mode
 * (MEASURES.md): a mode word is the mode, anything else the file. Returns the mode word, if
 * any, and then clears `pre.custody` (no extract is named).
 */
function custodyModeWord(cmd: Command, specs: OptSpec[], pre: Opts): string | undefined {
  if (!(typeof pre.custody === 'string' && (CUSTODY_MODES as readonly string[]).includes(pre.custody))) return undefined;
  if (!specs.some((s) => s.key === 'custodyMode')) {
    throw usageError(`--custody ${pre.custody}: 'desist ${cmd.name()}' has no custody mode; --custody names the custody extract here`);
  }
  if (cmd.getOptionValueSource('custodyMode') === 'cli') throw usageError('give the custody mode once: --custody-mode or --custody, not both');
  const word = pre.custody;
  pre.custody = undefined;
  return word;
}

/** Options naming extracts or a mapping: with --from-counts none is read, so none may be given. */
const EXTRACT_KEYS = ['cohort', 'charges', 'custody', 'map', 'treatedCohort', 'comparisonCohort'];

/**
 * The options of a `--from-counts` run (defaults < flags; no dataset, so no desist.json). An
 * option naming an extract or a mapping is a usage error: the counts stand in for the extracts.
 */
function countsOptions(cmd: Command, specs: OptSpec[]): Opts {
  const pre = { ...(cmd.opts() as Opts) };
  const modeWord = custodyModeWord(cmd, specs, pre);
  const given = specs.find((s) => EXTRACT_KEYS.includes(s.key) && pre[s.key] !== undefined);
  if (given) throw usageError(`${given.flags.split(/[ ,]/)[0]}: --from-counts reads counts instead of the extracts: give one or the other`);
  const o = resolveOptions(cmd, specs, undefined);
  if (modeWord) o.custodyMode = modeWord;
  o.custody = undefined;
  return o;
}

/** Resolve a command's options (defaults < desist.json < flags) after reading the mapping. */
export async function commandOptions(
  ctx: Ctx,
  cmd: Command,
  specs: OptSpec[],
  folder: string | undefined,
  cohortOnly = false,
): Promise<{ o: Opts; ref: DatasetRef; origins: Record<string, 'cli' | 'file' | 'default'> }> {
  const pre = { ...(cmd.opts() as Opts) };
  const modeWord = custodyModeWord(cmd, specs, pre);
  const ref = await resolveDataset(ctx, folder, pre, cohortOnly);
  const fromFile = { ...(ref.mapping?.options ?? {}) };
  if ('custody' in fromFile && specs.some((s) => s.key === 'custodyMode')) {
    fromFile.custodyMode = fromFile.custody;
    delete fromFile.custody;
  }
  const origins: Record<string, 'cli' | 'file' | 'default'> = {};
  const o = resolveOptions(cmd, specs, fromFile, ref.mappingFile, origins);
  if (modeWord) o.custodyMode = modeWord;
  o.custody = pre.custody;
  return { o, ref, origins };
}

/**
 * Options from layers without a command line (a batch manifest): spec defaults < the dataset's
 * desist.json options < `given` (already checked). desist.json's `custody` is the custody mode.
 */
export function layeredOptions(specs: OptSpec[], given: Opts, ref: DatasetRef, origins: Record<string, 'file' | 'default'> = {}): Opts {
  const fromFile = { ...(ref.mapping?.options ?? {}) };
  if ('custody' in fromFile) {
    fromFile.custodyMode = fromFile.custody;
    delete fromFile.custody;
  }
  checkFileKeys(fromFile, ref.mappingFile);
  const o: Opts = {};
  for (const s of specs) {
    origins[s.key] = 'file';
    if (s.key in given) o[s.key] = given[s.key];
    else if (s.key in fromFile && !s.cliOnly) o[s.key] = parseFileOption(s, fromFile[s.key], ref.mappingFile);
    else {
      o[s.key] = s.default;
      origins[s.key] = 'default';
    }
  }
  return o;
}

/**
 * The rejection tolerance in force: `--max-rejected` as given, or the command's default, which
 * (as a share) applies only to extracts of at least DEFAULT_MIN_ROWS rows.
 */
export function toleranceOf(o: Opts, origin: 'cli' | 'file' | 'default' | undefined): Tolerance {
  const t = parseTolerance(typeof o.maxRejected === 'string' ? o.maxRejected : '5%');
  return origin === 'cli' || origin === 'file' || t.kind === 'count' ? t : { ...t, minRows: DEFAULT_MIN_ROWS };
}

/** Exit 65 naming every extract with more rejected rows than the tolerance allows. */
export function checkTolerance(loaded: Loaded, t: Tolerance): void {
  const over = loaded.inputs.filter((c) => overTolerance(c, t));
  if (over.length === 0) return;
  const [first, ...rest] = over;
  throw dataError(
    overToleranceMessage(first, loaded.rejections, t),
    first.file,
    rest.map((c) => `desist: ${c.file}: ${overToleranceMessage(c, loaded.rejections, t)}`),
  );
}

/** Sentences for an output's notes: each extract with rows rejected within the tolerance. */
export function toleranceNotes(loaded: Loaded, t: Tolerance): string[] {
  return loaded.inputs.filter((c) => c.rejected > 0 && !overTolerance(c, t)).map((c) => withinToleranceNote(c, t));
}

/**
 * Sentences for an output's notes on what the mapping did to the rows: rows its `where` filtered
 * out, and charges whose empty charge_date was taken from the offence date.
 */
export function mappingNotes(loaded: Loaded, m: Mapping | undefined): string[] {
  const notes: string[] = [];
  const n = (x: number) => x.toLocaleString('en-GB');
  for (const c of loaded.inputs) {
    if (c.filtered > 0) {
      const kept = Object.entries(m?.where?.[c.role] ?? {}).map(([col, vs]) => `${col} one of ${vs.join(', ')}`).join(' and ');
      notes.push(`${c.file}: ${n(c.filtered)} of ${n(c.read)} rows filtered out by the mapping (kept: ${kept}); they are not rejected and count in no figure.`);
    }
    if (c.chargeDateFromOffence > 0) {
      notes.push(
        `${c.file}: offence_date stood in for an empty charge_date in ${n(c.chargeDateFromOffence)} of ${n(c.accepted + c.deduplicated)} accepted charges (missingChargeDate: use-offence-date); those charges are dated by the offence, so a charge-date basis or waiting period cannot tell when they were charged.`,
      );
    }
  }
  return notes;
}

/** --as-of in any form the extracts' dates may take (ISO, or the mapping's formats): a usage error otherwise. */
export function asOfDay(text: string, m: Mapping | undefined): number {
  try {
    return parseDateOption(text, '--as-of', ROLES.map((r) => dateFormatFor(m, r)), m?.twoDigitYearPivot);
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

export async function load(ctx: Ctx, ref: DatasetRef, o: Opts, tolerance?: Tolerance): Promise<Loaded> {
  const env = ctx.io.env;
  const progress = makeProgress(ctx.io, Boolean(o.quiet));
  progress.phase('reading the extracts');
  const asOf = o.asOf ? asOfDay(o.asOf as string, ref.mapping) : undefined;
  const common = { mapping: ref.mapping, asOf, stdin: ctx.io.stdin, cwd: ctx.io.cwd, maxErrors: (o.maxErrors as number) ?? 20, onPhase: (name: string) => progress.phase(name) };
  const loaded = ref.cohortOnly
    ? await loadCohortOnly(ref.files.cohort, common)
    : await loadDataset(ref.files, {
        ...common,
        // the cohort's other columns are read only when a command uses one (a weights column, compare --adjust, a batch subgroup)
        covariates: Boolean(o.covariates) || o.weightsColumn !== undefined || (Array.isArray(o.adjust) && o.adjust.length > 0),
        twoCohorts: twoCohorts(ref, o),
        // Files of 16 MB and more are parsed on every core. DESIST_THREADS and
        // DESIST_PARALLEL_MIN_BYTES override this (the tests use them to run the parallel path).
        parallel: { threads: threadsAllowed(env), minBytes: parallelMinBytes(env) },
      });
  progress.done();
  // An as-of after today is almost always a typo (a charge dated 2205, a mistyped --as-of).
  const today = ctx.io.now().toISOString().slice(0, 10);
  const asOfShown = formatDay(loaded.dataset.asOf);
  if (asOfShown > today && loaded.asOfSource !== 'none') {
    loaded.warnings.push(
      `the as-of date ${asOfShown} is after today (${today}): ${loaded.asOfSource === 'option' ? 'check --as-of' : 'a charge date in the extract is probably mistyped; give --as-of'}. Follow-up would count every person as mature and open custody would run to ${asOfShown}`,
    );
  }
  if (o.strict && loaded.rejections.length > 0) {
    throw dataError(
      `${loaded.rejections.length} row${loaded.rejections.length > 1 ? 's' : ''} rejected and --strict is set`,
      undefined,
      loaded.rejections.slice(0, (o.maxErrors as number) ?? 20).map((r) => `${r.file}:${r.line}: ${r.reason}`),
    );
  }
  if (tolerance) checkTolerance(loaded, tolerance);
  return loaded;
}

function twoCohorts(ref: DatasetRef, o: Opts): TwoCohorts | undefined {
  if (ref.comparisonCohort === undefined) return undefined;
  if (o.treated === o.comparison) throw usageError('--treated and --comparison must name different groups (they name the groups of the two cohort files)');
  return { comparisonFile: ref.comparisonCohort, treatedGroup: String(o.treated), comparisonGroup: String(o.comparison), overlap: o.overlap === 'drop' ? 'drop' : 'error' };
}

export function inputsMeta(loaded: Loaded): Meta['inputs'] {
  return loaded.inputs.map((c) => ({
    role: c.role,
    file: c.file,
    sha256: c.sha256,
    read: c.read,
    accepted: c.accepted,
    rejected: c.rejected,
    deduplicated: c.deduplicated,
    filtered: c.filtered,
    rejected_share: rejectedShare(c),
    charge_date_from_offence_date: c.role === 'charges' ? c.chargeDateFromOffence : undefined,
    outside_cohort: c.outsideCohort,
    cohort_row_rejected: c.cohortRowRejected,
    merged_custody_episodes: c.role === 'custody' ? c.merged : undefined,
    cohort_group: c.cohortGroup,
    overlap_dropped: c.overlapDropped,
    gzip: c.gzip,
    delimiter: c.delimiter,
  }));
}

/** The as-of date echoed in meta: null when only a cohort was read without --as-of. */
const asOfText = (loaded: Loaded) => (loaded.asOfSource === 'none' ? null : formatDay(loaded.dataset.asOf));

export function makeMeta(ctx: Ctx, command: string, specs: OptSpec[], o: Opts, loaded: Loaded | null, extra: Record<string, unknown> = {}, ref?: DatasetRef): Meta {
  const config = ref?.mappingFile ? [{ role: 'mapping', file: ref.mappingFile, sha256: ref.mappingSha256 }] : [];
  return {
    tool: 'desist',
    version: VERSION,
    method_version: METHOD_VERSION,
    command: ['desist', ...ctx.argv].join(' '),
    options: { ...echoOptions(specs, o), ...(loaded ? { asOf: asOfText(loaded) } : {}) },
    inputs: loaded ? inputsMeta(loaded) : [],
    as_of: loaded ? asOfText(loaded) : null,
    generated_at: o.reproducible ? null : ctx.io.now().toISOString(),
    /** files that change the figures without being data: the mapping, a weights file */
    config_files: config,
    ...extra,
  };
}

export function warn(ctx: Ctx, o: Opts, msg: string): void {
  if (!o.quiet) ctx.io.stderr.write(`${ctx.errChalk.yellow('desist: warning:')} ${oneLine(msg)}\n`);
}

const EXT_FORMAT: Record<string, Format> = { '.csv': 'csv', '.json': 'json', '.md': 'md', '.txt': 'table', '.xlsx': 'xlsx' };

/**
 * The output format: --format, else the -o file's extension, else table. A --format that
 * contradicts a known extension (--format json -o q.csv) is a usage error; so is an extension
 * with no format of its own (-o q.xls) unless --format says what to write.
 */
export function chooseFormat(o: Opts): Format {
  const given = o.format as Format | undefined;
  const file = o.output as string | undefined;
  const ext = file && file !== '-' ? extname(file).toLowerCase() : '';
  const fromExt = ext ? EXT_FORMAT[ext] : undefined;
  if (given && fromExt && given !== fromExt) {
    throw usageError(`--format ${given} contradicts -o ${file} (a .${fromExt === 'table' ? 'txt' : fromExt} file): give one of them, or make them agree`);
  }
  if (ext && !fromExt && !given) {
    const known = Object.entries(EXT_FORMAT).map(([e, f]) => `${e} (${f})`).join(', ');
    throw usageError(`-o ${file}: unknown extension '${ext}'; expected ${known}, or give --format ${FORMATS.join('|')}`);
  }
  return given ?? fromExt ?? 'table';
}

/** The width human output must fit: the terminal's, or DEFAULT_WIDTH (100) when not a terminal. */
export function outputWidth(ctx: Ctx, toFile: boolean): number {
  const s = ctx.io.stdout;
  return !toFile && s.isTTY && s.columns && s.columns > 0 ? s.columns : DEFAULT_WIDTH;
}

/** Render and write: to -o FILE (exit 73 when it cannot be written) or stdout. */
export async function emit(ctx: Ctx, o: Opts, out: Output): Promise<void> {
  const format = chooseFormat(o);
  const file = o.output as string | undefined;
  const toFile = Boolean(file && file !== '-');
  if (format === 'xlsx' && !toFile && ctx.io.stdout.isTTY) throw usageError('xlsx is a binary format: give -o FILE.xlsx (or redirect stdout to a file)');
  for (const w of out.warnings) warn(ctx, o, w);
  if (format === 'xlsx') {
    const { renderXlsx } = await import('../report/xlsx.js');
    writeOut(ctx, file, await renderXlsx(out));
    return;
  }
  const chalk = toFile ? new Chalk({ level: 0 }) : ctx.chalk;
  writeOut(ctx, file, render(out, format, chalk, outputWidth(ctx, toFile)));
}

export function writeOut(ctx: Ctx, file: string | undefined, text: string | Buffer): void {
  if (!file || file === '-') {
    ctx.io.stdout.write(text);
    return;
  }
  try {
    writeFileSync(resolve(ctx.io.cwd, file), text);
  } catch (e) {
    throw new DesistError(EXIT.CANT_CREATE, `cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
}

/** Where the definitions live, printed under every --help. */
export const DOCS_LINE = 'Docs: docs/cli.md (commands, JSON fields, exit codes), docs/method.md\n(every figure, defined to the day), docs/options.md (every option).';

/**
 * The Examples block of --help. An example may end with `  # what it shows`: the comment is
 * printed on its own line above the command, so every command line can be pasted as it is.
 */
export function helpExamples(examples: string[]): string {
  const lines = examples.flatMap((e) => {
    const [command, comment] = e.split(/\s+#\s+/);
    return comment ? [`  # ${comment}`, `  ${command.trim()}`] : [`  ${command.trim()}`];
  });
  return `\nExamples:\n${lines.join('\n')}`;
}

/** The option table of a dataset command: the dataset options, the tolerance, its own, the common ones. */
export const ANALYSIS_SPECS = (own: OptSpec[], maxRejected = '5%'): OptSpec[] => registerSpecs([...DATASET, maxRejectedOpt(maxRejected), ...own, ...COMMON]);


/** `--from-counts FILE`: counts computed elsewhere stand in for the extracts. */
export const FROM_COUNTS_OPT: OptSpec = {
  flags: '--from-counts <file>',
  key: 'fromCounts',
  description: 'read counts computed elsewhere (the CSV result of `desist sql`) instead of the extracts, and add intervals, notes and disclosure control',
  cliOnly: true,
};

/** What a command computes from a counts file (no dataset is read). */
export interface CountsRun {
  o: Opts;
  /** the counts file, resolved, and as given */
  file: string;
  shown: string;
  meta: Meta;
}

/**
 * The first words of every `--from-counts` output's note on its source: the counts file, the
 * query that computes such counts, and the interval method and level applied to them.
 */
export function countsSourceSentence(measure: string, shown: string, o: Opts): string {
  return `Counts from ${shown} (computed outside desist, e.g. by \`desist sql ${measure}\`); intervals: ${o.ciMethod as string}, ${Math.round((o.level as number) * 100)}%.`;
}

/** The `meta.inputs` entry of a counts file: every row read is accepted (a bad one stops the run). */
export function countsInputMeta(shown: string, counts: { sha256: string; read: number }): Meta['inputs'][number] {
  return { role: 'counts', file: shown, sha256: counts.sha256, read: counts.read, accepted: counts.read, rejected: 0, deduplicated: 0 };
}

/** What a dataset command computes once its dataset is loaded. */
export interface DatasetRun {
  o: Opts;
  ref: DatasetRef;
  loaded: Loaded;
  meta: Meta;
  tolerance: Tolerance;
}

/**
 * A command over one dataset: the option table drives parsing and --help (with examples and
 * the memory note), the dataset is resolved and loaded, `meta` is built, and the command's
 * Output is written (or, with `document`, the command's own document as it is). `after` runs
 * once the output is written (validate lists its rejections).
 */
export function datasetCommand(
  ctx: Ctx,
  spec: {
    name: string;
    description: string;
    specs: OptSpec[];
    examples: string[];
    /** validate reports rejected rows itself, so --strict and --max-rejected do not stop it */
    ignoreStrict?: boolean;
    /** reads the cohort extract alone (a folder's cohort file, or --cohort FILE) */
    cohortOnly?: boolean;
    /** the command's Output, rendered in the --format chosen */
    run?: (r: DatasetRun) => Output;
    /** instead of run: a whole document to write as it is (desist report's HTML) */
    document?: (r: DatasetRun) => Promise<string>;
    after?: (r: DatasetRun) => void;
    /** With --from-counts: the output from a counts file, no dataset read. */
    fromCounts?: (r: CountsRun) => Output;
  },
): Command {
  const cmd = new Command(spec.name)
    .description(spec.description)
    .argument('[dataset]', 'dataset folder holding cohort.csv, charges.csv, custody.csv (and desist.json)');
  addOptions(cmd, spec.specs);
  cmd.addHelpText('after', `${helpExamples(spec.examples)}\n\nMemory: holds the whole dataset (about 16 bytes per charge).\n${DOCS_LINE}`);
  cmd.action(async (folder: string | undefined) => {
    if (!spec.document) chooseFormat(cmd.opts() as Opts); // a format conflict fails before the dataset is looked for
    const counts = (cmd.opts() as Opts).fromCounts as string | undefined;
    if (counts !== undefined && spec.fromCounts) {
      if (folder !== undefined) throw usageError('--from-counts reads counts instead of a dataset: give one or the other');
      const o = countsOptions(cmd, spec.specs);
      const meta = makeMeta(ctx, spec.name, spec.specs, o, null);
      await emit(ctx, o, spec.fromCounts({ o, file: resolve(ctx.io.cwd, counts), shown: counts, meta: { ...meta, as_of: (o.asOf as string | undefined) ?? null } }));
      return;
    }
    const { o, ref, origins } = await commandOptions(ctx, cmd, spec.specs, folder, spec.cohortOnly);
    const tolerance = toleranceOf(o, origins.maxRejected);
    const loaded = spec.ignoreStrict ? await load(ctx, ref, { ...o, strict: false }) : await load(ctx, ref, o, tolerance);
    const r: DatasetRun = { o, ref, loaded, tolerance, meta: makeMeta(ctx, spec.name, spec.specs, o, loaded, {}, ref) };
    if (spec.document) {
      writeOut(ctx, o.output as string | undefined, await spec.document(r));
    } else if (spec.run) {
      const out = spec.run(r);
      if (!spec.ignoreStrict) out.notes.push(...mappingNotes(loaded, ref.mapping), ...toleranceNotes(loaded, tolerance));
      await emit(ctx, o, out);
    }
    spec.after?.(r);
  });
  return cmd;
}
