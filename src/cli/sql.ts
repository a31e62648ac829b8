/**
 * `desist sql quarterly|followup`: the same definitions compiled to one SQL query for a
 * warehouse (DuckDB, Trino, Spark SQL). The options are those of the measure commands, with the
 * same names, defaults and desist.json precedence; every one that changes a definition changes
 * the query, and those a query cannot express are refused, never ignored. The query's header
 * comment records desist's version and every option, as `meta` does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { writeOut, resolveDataset, type Ctx } from './context.js';
import { AS_OF_OPT, addOptions, echoOptions, registerSpecs, resolveOptions, type OptSpec, type Opts } from './options.js';
import { QUARTERLY_OPTS } from './quarterly.js';
import { FOLLOWUP_OPTS } from './followup.js';
import { configError, dataError, usageError } from '../core/errors.js';
import { DIALECTS, DIALECT_NAMES, type Dialect, type DialectName } from '../sql/dialects.js';
import type { SqlDateFormat, SqlInputs, SqlRole } from '../sql/inputs.js';
import type { FileKind } from '../io/file-header.js';
import { quarterlySql } from '../sql/quarterly.js';
import { followupSql } from '../sql/followup.js';
import { parseDuration, parseQuarterLabel, type Duration, type QuarterKind } from '../measures/periods.js';
import { COLUMNS, ROLES, type Mapping } from '../io/mapping.js';
import { columnNames, fileKind } from '../io/file-header.js';
import { checkHeader, newCounts } from '../io/rows.js';
import { parseIsoOption } from '../io/dates.js';
import { VERSION } from '../version.js';

const SQL_OPTS: OptSpec[] = [
  { flags: '--dialect <name>', key: 'dialect', description: 'SQL dialect of the query', default: 'duckdb', choices: DIALECT_NAMES, cliOnly: true },
  {
    flags: '--tables <list>',
    key: 'tables',
    description: 'the three tables, e.g. cohort=iom.cohort,charges=iom.charges,custody=iom.custody (default: the dataset files through read_csv with duckdb, else tables named cohort, charges, custody)',
    cliOnly: true,
  },
  { flags: '--map <file>', key: 'map', description: 'mapping file: column names of the tables (default: desist.json in the dataset folder)', cliOnly: true },
  {
    ...AS_OF_OPT,
    description: 'extract date, YYYY-MM-DD (required: a query cannot take it from the data before it runs)',
    parse: (v) => {
      parseIsoOption(v, '--as-of');
      return v;
    },
  },
  { flags: '-o, --output <file>', key: 'output', description: 'write the query to FILE instead of stdout', cliOnly: true },
  { flags: '--quiet', key: 'quiet', description: 'no warnings on stderr', default: false, cliOnly: true },
  { flags: '--verbose', key: 'verbose', description: 'show a stack trace on internal errors', default: false, cliOnly: true },
];

/**
 * Options of a measure that a query cannot express: refused with the reason when set (on the
 * command line or in desist.json), never silently ignored.
 */
const REFUSED: Record<string, string> = {
  cumulative: 'the Kaplan-Meier cumulative desistance is not a count: run desist quarterly on the extracts',
  weights: 'harm weights are not compiled to SQL: run desist quarterly --weights on the extracts',
  curve: 'the Kaplan-Meier curve is not a count: run desist followup --curve on the extracts',
  level: 'intervals are not computed in SQL: give --level to desist quarterly|followup --from-counts with the query result',
  ciMethod: 'intervals are not computed in SQL: give --ci-method to desist quarterly|followup --from-counts with the query result',
};

/** Measure options the query compiles (every other one set by the user is refused). */
const COMPILED = new Set(['quarters', 'from', 'to', 'basis', 'custodyMode', 'minLibertyDays', 'lag', 'pooled', 'index', 'followUp', 'waiting', 'clock']);

/** The measure's options, less the seed (a query draws no random numbers) and --from-counts. */
function measureSpecs(opts: OptSpec[]): OptSpec[] {
  return opts.filter((s) => s.key !== 'seed' && s.key !== 'fromCounts');
}

function parseTables(v: string | undefined): Partial<Record<SqlRole, string>> {
  if (!v) return {};
  const out: Partial<Record<SqlRole, string>> = {};
  for (const part of v.split(',')) {
    const m = /^\s*(cohort|charges|custody)\s*=\s*(\S.*?)\s*$/.exec(part);
    if (!m) throw usageError(`--tables: '${part}' is not role=table (roles: cohort, charges, custody)`);
    if (!/^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*){0,2}$/.test(m[2])) throw usageError(`--tables: '${m[2]}' is not a table name (letters, digits, _ and at most two dots)`);
    out[m[1] as SqlRole] = m[2];
  }
  return out;
}

/** Mapping features a query honours; anything else in the mapping is refused by name. */
function checkMapping(m: Mapping | undefined, file: string | undefined): void {
  if (!m) return;
  const formats = [m.dateFormat, ...Object.values(m.dateFormats ?? {})].filter((f) => f !== undefined);
  const bad = formats.find((f) => f !== 'auto' && f !== 'yyyy-mm-dd' && f !== 'dd/mm/yyyy');
  if (bad) throw configError(`dateFormat '${bad}': the SQL reads DATE columns, or text as yyyy-mm-dd or dd/mm/yyyy; convert the column in a view`, file);
  const known = new Set(['$schema', 'description', 'columns', 'dateFormat', 'dateFormats', 'files', 'options']);
  for (const k of Object.keys(m)) {
    if (!known.has(k)) throw configError(`${k}: this mapping feature is not compiled to SQL; apply it in a view over the table`, file);
  }
}

function duration(v: unknown): Duration {
  return typeof v === 'string' ? parseDuration(v) : (v as Duration);
}

interface Compiled {
  sql: string;
  o: Opts;
}

async function compile(ctx: Ctx, cmd: Command, measure: 'quarterly' | 'followup', specs: OptSpec[], folder: string | undefined): Promise<Compiled> {
  const pre = cmd.opts() as Opts;
  let mapping: Mapping | undefined;
  let mappingFile: string | undefined;
  let files: Partial<Record<SqlRole, string>> = {};
  if (folder !== undefined) {
    const ref = await resolveDataset(ctx, folder, pre);
    mapping = ref.mapping;
    mappingFile = ref.mappingFile;
    files = ref.files;
  } else if (pre.map) {
    const { parseMapping } = await import('../io/mapping-file.js');
    const path = resolve(ctx.io.cwd, pre.map as string);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw configError(`cannot read the mapping file (${(e as NodeJS.ErrnoException).code})`, pre.map as string);
    }
    mapping = parseMapping(text, pre.map as string);
    mappingFile = pre.map as string;
  }
  checkMapping(mapping, mappingFile);
  const o = resolveOptions(cmd, specs, mapping?.options, mappingFile);
  for (const s of specs) {
    const source = cmd.getOptionValueSource(s.key);
    const set = source === 'cli' || Boolean(mapping?.options && s.key in mapping.options);
    const flag = `--${s.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (set && s.key in REFUSED) throw usageError(`${flag}: ${REFUSED[s.key]}`);
    // an option of the measure the query does not compile is refused, never ignored
    if (set && !COMPILED.has(s.key) && !SQL_OPTS.some((q) => q.key === s.key)) throw usageError(`${flag}: not compiled to SQL; run desist ${measure} on the extracts`);
  }
  if (measure === 'followup' && o.clock === 'gaps') throw usageError('--clock gaps: the counting-process clock is not compiled to SQL; use calendar or liberty, or run desist followup on the extracts');
  if (!o.asOf) throw usageError('desist sql needs --as-of (or options.asOf in desist.json): the extract date a query cannot take from the data before it runs');
  const dialect: Dialect = DIALECTS[o.dialect as DialectName];
  const named = parseTables(o.tables as string | undefined);
  const tables = {} as Record<SqlRole, string>;
  const kinds: Partial<Record<SqlRole, FileKind>> = {};
  const utcInstants: Partial<Record<SqlRole, string[]>> = {};
  for (const role of ROLES) {
    const file = files[role];
    if (named[role]) tables[role] = named[role]!;
    else if (dialect.readFile && file !== undefined && file !== '-') {
      kinds[role] = fileKind(resolve(ctx.io.cwd, file), file);
      tables[role] = dialect.readFile(file, kinds[role]!);
    } else tables[role] = role;
  }
  const columns = { cohort: {}, charges: {}, custody: {} } as SqlInputs['columns'];
  for (const role of ROLES) Object.assign(columns[role], mapping?.columns?.[role] ?? {});
  // A file the query reads directly has its header checked here, as desist checks it: a missing
  // required column is named now, not by the engine's binder when the query runs; each column is
  // then named as the engine knows it (desist matches names with their ends trimmed and in any
  // case, an engine exactly); an optional column the file lacks is absent, as desist reads it.
  // (A header that cannot be told here, such as one with a line break in a quoted name, is left
  // to the engine.)
  for (const role of ROLES) {
    const file = files[role];
    const kind = kinds[role];
    if (kind === undefined || file === undefined) continue;
    const cols = await columnNames(resolve(ctx.io.cwd, file), kind);
    if (!cols) continue;
    const header = cols.names;
    const found = checkHeader({ file, role, mapping, rejections: [], counts: newCounts(role, file) }, header);
    // The query carries every charges column through (the duplicate key) beside its own
    // `desist_` columns: one of the extract's with such a name would be taken for the query's.
    const clash = role === 'charges' ? header.find((h) => h.trim().toLowerCase().startsWith('desist_')) : undefined;
    if (clash !== undefined) {
      throw dataError(`column '${clash.trim()}' in the charges file: names starting desist_ are the query's own; rename or drop it (in a view, or a copy of the file)`, `${file}:1`);
    }
    utcInstants[role] = [...found.index].filter(([, at]) => cols.utcInstants.has(at)).map(([name]) => name);
    // DuckDB's CSV reader trims the names in a header; Parquet's are used as written
    for (const [name, at] of found.index) columns[role][name] = kind === 'parquet' ? header[at] : header[at].trim();
    for (const name of COLUMNS[role].optional) if (!found.index.has(name) && columns[role][name] === undefined) columns[role][name] = null;
  }
  const dateFormats = {} as NonNullable<SqlInputs['dateFormats']>;
  for (const role of ROLES) dateFormats[role] = (mapping?.dateFormats?.[role] ?? mapping?.dateFormat ?? 'auto') as SqlDateFormat;
  const inputs: SqlInputs = { tables, columns, asOf: o.asOf as string, pooled: Boolean(o.pooled), dateFormats, utcInstants };
  const sql =
    measure === 'quarterly'
      ? quarterlySql(dialect, inputs, {
          quarters: o.quarters as QuarterKind,
          from: o.from === undefined ? undefined : quarterIndex(o.from, o.quarters as QuarterKind, '--from'),
          to: o.to === undefined ? undefined : quarterIndex(o.to, o.quarters as QuarterKind, '--to'),
          basis: o.basis as 'charge' | 'offence',
          custody: o.custodyMode as 'none' | 'whole-quarter' | 'min-liberty',
          minLibertyDays: o.minLibertyDays as number,
          lag: duration(o.lag),
        })
      : followupSql(dialect, inputs, {
          index: o.index as 'start' | 'release',
          followUp: duration(o.followUp),
          waiting: duration(o.waiting),
          clock: o.clock as 'calendar' | 'liberty',
        });
  return { sql, o };
}

function quarterIndex(v: unknown, kind: QuarterKind, flag: string): number {
  try {
    return parseQuarterLabel(String(v), kind);
  } catch (e) {
    throw usageError(`${flag}: ${(e as Error).message}`);
  }
}

/** The header comment: version, command, every option (defaults included), what is left out. */
export function sqlHeader(ctx: Ctx, measure: string, specs: OptSpec[], o: Opts): string {
  const echo = echoOptions(specs.filter((s) => !(s.key in REFUSED)), o);
  const lines = [
    `desist ${VERSION}: ${measure} as SQL (${o.dialect as string})`,
    `command: ${['desist', ...ctx.argv].join(' ').replace(/[\r\n]+/g, ' ')}`,
    'options:',
    ...Object.entries(echo).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    'Rows desist would reject (no id or start date, a start or event after as-of, an end before its start, a charge',
    'before its offence) are left out here; run `desist validate` on an extract to see them. A person listed twice in',
    'the cohort is an error in desist and is not detected here. Intervals, notes and small-cell suppression: feed the',
    `result to \`desist ${measure} --from-counts FILE\`.`,
  ];
  return `${lines.map((l) => `-- ${l}`).join('\n')}\n`;
}

function measureCommand(ctx: Ctx, measure: 'quarterly' | 'followup', own: OptSpec[]): Command {
  const specs = registerSpecs([...SQL_OPTS, ...measureSpecs(own)]);
  const cmd = new Command(measure)
    .description(`one SQL query computing the ${measure} rows (counts and rates) with desist's definitions`)
    .argument('[dataset]', 'dataset folder: its desist.json gives column names and options; with --dialect duckdb its files are read directly');
  addOptions(cmd, specs);
  cmd.addHelpText(
    'after',
    `\nExamples:\n  npx desist sql ${measure} sample-data/ --dialect duckdb > ${measure}.sql\n  npx desist sql ${measure} --dialect trino --as-of 2025-03-31 --tables cohort=iom.cohort,charges=iom.charges,custody=iom.custody\n\nSee docs/sql.md.`,
  );
  cmd.action(async (folder: string | undefined) => {
    const { sql, o } = await compile(ctx, cmd, measure, specs, folder);
    writeOut(ctx, o.output as string | undefined, `${sqlHeader(ctx, measure, specs, o)}${sql};\n`);
  });
  return cmd;
}

export function sqlCommand(ctx: Ctx): Command {
  const cmd = new Command('sql').description('the same definitions as one SQL query for a warehouse: DuckDB, Trino or Spark SQL');
  cmd.addCommand(measureCommand(ctx, 'quarterly', QUARTERLY_OPTS));
  cmd.addCommand(measureCommand(ctx, 'followup', FOLLOWUP_OPTS));
  return cmd;
}
