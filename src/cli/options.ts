/**
 * Option tables: one array of specs per subcommand drives the parser, `--help` and the
 * README's options reference (scripts/options-doc.ts), so they cannot drift apart.
 */
import { Command, Option } from 'commander';
import { usageError, configError } from '../core/errors.js';
import { parseTolerance } from '../io/tolerance.js';
import { quote } from '../core/text.js';

export interface OptSpec {
  /** commander flags, e.g. '--level <p>' */
  flags: string;
  /** camelCase key, also the key in desist.json "options" */
  key: string;
  description: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** convert and check a value (from the command line or desist.json); throw RangeError */
  parse?: (v: string) => unknown;
  /** not settable from desist.json (e.g. output file) */
  cliOnly?: boolean;
}

export type Opts = Record<string, unknown>;

/** Every option key any command has: desist.json may set options of other commands too. */
const KNOWN_KEYS = new Set<string>(['custody']);
export function registerSpecs(specs: OptSpec[]): OptSpec[] {
  for (const s of specs) if (!s.cliOnly) KNOWN_KEYS.add(s.key);
  return specs;
}

/** A parser for a number option in [min, max]. */
export const num = (min: number, max: number, integer = false) => (v: string) => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
    throw new RangeError(`expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${quote(v)}`);
  }
  return x;
};

export const levelOpt: OptSpec = {
  flags: '--level <p>',
  key: 'level',
  description: 'confidence level of every interval',
  default: 0.95,
  parse: (v) => {
    const x = Number(v);
    if (!(x > 0 && x < 1)) throw new RangeError(`expected a confidence level between 0 and 1 (e.g. 0.95), got ${quote(v)}`);
    return x;
  },
};

export const COMMON: OptSpec[] = [
  { flags: '--format <fmt>', key: 'format', description: 'output format (default: from the -o file extension, else table)', choices: ['table', 'csv', 'json', 'md', 'xlsx'], cliOnly: true },
  { flags: '-o, --output <file>', key: 'output', description: 'write the output to FILE instead of stdout; its extension (.txt .csv .json .md .xlsx) sets the format', cliOnly: true },
  { flags: '--min-cell <k>', key: 'minCell', description: 'suppress counts below K and everything derived from them (0 = off)', default: 0, parse: num(0, 1e9, true) },
  { flags: '--round <n>', key: 'round', description: 'round published counts to a multiple of N (0 = off)', default: 0, parse: num(0, 1e9, true) },
  { flags: '--reproducible', key: 'reproducible', description: 'leave the wall-clock timestamp out of the output', default: false },
  { flags: '--quiet', key: 'quiet', description: 'no warnings or progress on stderr', default: false, cliOnly: true },
  { flags: '--no-color', key: 'color', description: 'no colour (also when NO_COLOR is set or stdout is not a terminal)', cliOnly: true },
  { flags: '--verbose', key: 'verbose', description: 'show a stack trace on internal errors', default: false, cliOnly: true },
];

/** --as-of: the extract date. */
export const AS_OF_OPT: OptSpec = {
  flags: '--as-of <date>',
  key: 'asOf',
  description: "extract date, YYYY-MM-DD or as the extract writes dates (the mapping's dateFormat): nothing after it exists (default: latest charge date, with a warning)",
  parse: (v) => {
    if (v.trim() === '') throw new RangeError('expected a date, got an empty value');
    return v.trim();
  },
};

export const DATASET: OptSpec[] = [
  { flags: '--cohort <file>', key: 'cohort', description: "cohort extract (instead of a dataset folder); '-' = stdin", cliOnly: true },
  { flags: '--charges <file>', key: 'charges', description: "charges extract; '-' = stdin", cliOnly: true },
  {
    flags: '--custody <file>',
    key: 'custody',
    description: "custody extract; '-' = stdin (in quarterly, the words none, whole-quarter and min-liberty set --custody-mode instead)",
    cliOnly: true,
  },
  { flags: '--map <file>', key: 'map', description: 'mapping file (default: desist.json in the dataset folder)', cliOnly: true },
  AS_OF_OPT,
  { flags: '--strict', key: 'strict', description: 'any rejected row is fatal (exit 65)', default: false },
  { flags: '--max-errors <n>', key: 'maxErrors', description: 'list at most N problems', default: 20, parse: num(1, 1e9, true) },
];

/**
 * `--max-rejected`: the rejection tolerance (see io/tolerance.ts). Analysis commands default to
 * 5% (checked once an extract has 100 rows); validate to 0, so any rejected row fails it.
 */
export const maxRejectedOpt = (dflt: string): OptSpec => ({
  flags: '--max-rejected <limit>',
  key: 'maxRejected',
  description:
    dflt === '0'
      ? "fail (exit 65) when more than this share (P%) or number of any extract's rows is rejected (0 = any rejected row fails)"
      : `stop (exit 65) when more than this share (P%) or number of any extract's rows is rejected; the default ${dflt} applies once an extract has 100 rows; 100% = off`,
  default: dflt,
  parse: (v) => parseTolerance(v).text,
});

/** Add specs to a commander command. Defaults are applied later, so sources stay visible. */
export function addOptions(cmd: Command, specs: OptSpec[]): void {
  for (const s of specs) {
    const o = new Option(s.flags, s.description);
    if (s.choices) o.choices(s.choices);
    if (s.default !== undefined && typeof s.default !== 'boolean') o.default(s.default);
    if (s.default === false) o.default(false);
    cmd.addOption(o);
  }
}

/**
 * Final option values: defaults < desist.json "options" < command line, each checked by its
 * spec's parser. Bad command-line values are usage errors (2); bad mapping values config (78).
 */
export function resolveOptions(
  cmd: Command,
  specs: OptSpec[],
  fromFile: Record<string, unknown> | undefined,
  fileName?: string,
  /** filled with where each value came from */
  origins: Record<string, 'cli' | 'file' | 'default'> = {},
): Opts {
  const raw = cmd.opts() as Opts;
  const out: Opts = {};
  checkFileKeys(fromFile, fileName);
  for (const s of specs) {
    const source = cmd.getOptionValueSource(s.key);
    const fromCli = source === 'cli' || source === 'env';
    let v: unknown = raw[s.key];
    let origin = fromCli ? 'cli' : 'default';
    if (!fromCli && fromFile && s.key in fromFile && !s.cliOnly) {
      v = fromFile[s.key];
      origin = 'file';
    }
    if (v !== undefined && s.choices && !s.choices.includes(String(v))) {
      const msg = `${optionName(s)}: expected one of ${s.choices.join(', ')}, got ${quote(v)}`;
      throw origin === 'file' ? configError(`options.${s.key}: ${msg}`, fileName) : usageError(msg);
    }
    if (v !== undefined && s.parse && (typeof v === 'string' || typeof v === 'number')) {
      try {
        v = parseOptionValue(s, v);
      } catch (e) {
        const msg = `${optionName(s)}: ${(e as Error).message.replace(/^--[a-z-]+: /, '')}`;
        throw origin === 'file' ? configError(`options.${s.key}: ${msg}`, fileName) : usageError(msg);
      }
    }
    out[s.key] = v;
    origins[s.key] = origin as 'cli' | 'file' | 'default';
  }
  return out;
}

/** desist.json "options" may hold any command's options, and nothing else (exit 78). */
export function checkFileKeys(fromFile: Record<string, unknown> | undefined, fileName?: string): void {
  for (const k of Object.keys(fromFile ?? {})) {
    if (!KNOWN_KEYS.has(k)) {
      throw configError(`options.${k}: not an option of any desist command (expected one of ${[...KNOWN_KEYS].sort().join(', ')})`, fileName);
    }
  }
}

/** One desist.json option value, checked as the command line's (exit 78 naming the key). */
export function parseFileOption(s: OptSpec, v: unknown, fileName?: string): unknown {
  if (!s.choices && !s.parse) return v;
  try {
    return parseOptionValue(s, v);
  } catch (e) {
    throw configError(`options.${s.key}: ${optionName(s)}: ${(e as Error).message.replace(/^--[a-z-]+: /, '')}`, fileName);
  }
}

/**
 * Check and convert one option value from a file (desist.json, a batch manifest) or the
 * command line: a flag takes true or false, a choice one of its choices, and a value with a
 * parser whatever the parser accepts. Throws RangeError saying what was expected.
 */
export function parseOptionValue(s: OptSpec, v: unknown): unknown {
  const takesValue = s.flags.includes('<');
  if (!takesValue) {
    if (typeof v !== 'boolean') throw new RangeError(`expected true or false, got ${quote(String(v))}`);
    return v;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw new RangeError(`expected a value, got ${quote(String(v))}`);
  if (s.choices && !s.choices.includes(String(v))) throw new RangeError(`expected one of ${s.choices.join(', ')}, got ${quote(v)}`);
  if (s.parse) return s.parse(String(v));
  return typeof v === 'number' && !s.choices ? String(v) : v;
}

export function optionName(s: OptSpec): string {
  const m = /--[a-z0-9-]+/.exec(s.flags);
  return m ? m[0] : s.flags;
}

/** The options echoed in `meta.options` and the footer: every value, defaults included. */
export function echoOptions(specs: OptSpec[], o: Opts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of specs) {
    if (['format', 'output', 'quiet', 'color', 'verbose'].includes(s.key)) continue;
    const v = o[s.key];
    out[s.key] = v === undefined ? null : v;
  }
  return out;
}

export const CUSTODY_MODES = ['none', 'whole-quarter', 'min-liberty'] as const;

export const CI_METHODS = ['wilson', 'clopper-pearson', 'jeffreys', 'agresti-coull', 'wald'] as const;
export const ciMethodOpt: OptSpec = {
  flags: '--ci-method <method>',
  key: 'ciMethod',
  description: 'interval for one proportion',
  default: 'wilson',
  choices: CI_METHODS,
};

/** A parser for a duration option: 90d, 6m, 12m, 1y. */
export const durationParser = (v: string) => {
  const m = /^(\d{1,5})\s*([dmy])$/i.exec(v.trim());
  if (!m) throw new RangeError(`expected a duration such as 90d, 6m, 12m or 1y, got ${quote(v)}`);
  return v.trim().toLowerCase();
};

/** A parser for a list of days: 365,730 (whole numbers from 1 to 36,500, at most 50, ascending once parsed). */
export const daysParser = (v: string) => {
  const parts = String(v).split(',').map((x) => x.trim());
  if (parts.length > 50 || parts.some((x) => !/^\d{1,5}$/.test(x) || Number(x) < 1 || Number(x) > 36500)) {
    throw new RangeError(`expected days as whole numbers from 1 to 36500 separated by commas, e.g. 365,730, got '${v}'`);
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
};

export const diffMethodOpt: OptSpec = {
  flags: '--diff-method <method>',
  key: 'diffMethod',
  description: 'interval for the difference of two proportions',
  default: 'newcombe',
  choices: ['newcombe', 'wald', 'agresti-caffo'],
};

export const orMethodOpt: OptSpec = {
  flags: '--or-method <method>',
  key: 'orMethod',
  description: "odds ratio: woolf (log) or exact (conditional, as R's fisher.test)",
  default: 'woolf',
  choices: ['woolf', 'exact'],
};

export const weightsColumnOpt: OptSpec = {
  flags: '--weights-column <name>',
  key: 'weightsColumn',
  description: "cohort column of case weights, e.g. 'weight' in a cohort written by desist match --write-cohort: weighted rates and Kaplan-Meier",
};

/**
 * Two cohort files as groups (compare, batch): the treated and comparison cohorts in their
 * own files, with charges and custody from the dataset folder or --charges/--custody. The
 * people of each file take the --treated / --comparison value as their group.
 */
export const TWO_COHORT_OPTS: OptSpec[] = [
  { flags: '--treated-cohort <file>', key: 'treatedCohort', description: 'cohort file of the treated group (with --comparison-cohort; instead of the cohort\'s group column)', cliOnly: true },
  { flags: '--comparison-cohort <file>', key: 'comparisonCohort', description: 'cohort file of the comparison group (with --treated-cohort)', cliOnly: true },
  {
    flags: '--overlap <policy>',
    key: 'overlap',
    description: 'a person in both cohort files: error (exit 65, stating how many), or drop (removed from the comparison group and counted)',
    default: 'error',
    choices: ['error', 'drop'],
  },
];
