/**
 * What every command produces before rendering: data rows (JSON/CSV), human tables
 * (table/md), sentences, warnings and the provenance `meta` block.
 */
export type Kind = 'int' | 'prop' | 'num' | 'text' | 'bool' | 'rate' | 'interval';

export interface Column {
  /** key in the row; for kind 'interval', the keys of the low and high bounds */
  key: string;
  label: string;
  kind: Kind;
  lowKey?: string;
  highKey?: string;
  digits?: number;
}

export interface HumanTable {
  title?: string;
  columns: Column[];
  rows: Record<string, unknown>[];
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
