/**
 * Typed user-facing errors and the exit-code table of CLI.md.
 * Every failure the user can cause is a DesistError: one line, no stack trace.
 */
export const EXIT = {
  OK: 0,
  RUNTIME: 1,
  USAGE: 2,
  DATA: 65,
  NO_INPUT: 66,
  INTERNAL: 70,
  CANT_CREATE: 73,
  CONFIG: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class DesistError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** Where: `FILE` or `FILE:LINE`, printed before the message. */
    readonly where?: string,
    /** Extra lines printed after the first (e.g. a list of problems). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new DesistError(EXIT.USAGE, message);
export const dataError = (message: string, where?: string, details: string[] = []) =>
  new DesistError(EXIT.DATA, message, where, details);
export const configError = (message: string, where?: string) => new DesistError(EXIT.CONFIG, message, where);
export const inputError = (message: string, where?: string) => new DesistError(EXIT.NO_INPUT, message, where);
