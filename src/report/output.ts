/**
 * What every command produces before rendering: data rows (JSON/CSV/xlsx), human tables
 * (table/md), sentences, warnings and the provenance `meta` block.
 */
export type Kind = 'int' | 'prop' | 'num' | 'text' | 'bool' | 'rate' | 'ratio' | 'p' | 'interval';

export interface Column {
  /** key in the row; for kind 'interval', the keys of the low and high bounds */
  key: string;
  /** plain words saying what is counted; long labels wrap onto up to three header lines */
  label: string;
  kind: Kind;
  lowKey?: string;
  highKey?: string;
  digits?: number;
  /** right-align a text column that holds numbers */
  right?: boolean;
}

export interface HumanTable {
  title?: string;
  columns: Column[];
  rows: Record<string, unknown>[];
  /**
   * Numbered footnotes the command attaches (e.g. two figures from different methods);
   * a cell refers to one with the mark `footnoteMark` returns. Long cells add their own.
   */
  footnotes?: string[];
  /** Leading columns repeated in every block when the table is split by width (default: 1, or 2 with a group column). */
  keyColumns?: number;
  /** The legend line printed when a cell holds the "–" mark (default: LEGEND in render.ts). */
  legend?: string;
}

export interface InputMeta {
  role: string;
  file: string;
  sha256: string;
  read: number;
  accepted: number;
  rejected: number;
  deduplicated: number;
  [extra: string]: unknown;
}

export interface Meta {
  tool: 'desist';
  version: string;
  method_version?: string;
  command: string;
  options: Record<string, unknown>;
  inputs: InputMeta[];
  as_of: string | null;
  generated_at: string | null;
  [extra: string]: unknown;
}

export interface Output {
  meta: Meta;
  warnings: string[];
  rows: Record<string, unknown>[];
  /** further top-level JSON fields, printed between `warnings` and `rows` (match: `matching`) */
  top?: Record<string, unknown>;
  tables: HumanTable[];
  /** Plain sentences printed under the human tables. */
  notes: string[];
  /** Suppression threshold in force (for '<K' in human formats). */
  minCell: number;
}

/**
 * Attach a footnote to a human table and return its mark (`[1]`, `[2]`, ...) for a cell.
 * The same text attached twice keeps one number.
 */
export function footnoteMark(t: HumanTable, text: string): string {
  t.footnotes ??= [];
  let i = t.footnotes.indexOf(text);
  if (i < 0) i = t.footnotes.push(text) - 1;
  return `[${i + 1}]`;
}
