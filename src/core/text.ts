/**
 * Text from the data, made safe to print in a message. Every value quoted in a message goes
 * through {@link quote}, and every line desist prints to stderr through {@link oneLine}, so a
 * data value can never break a message into two lines (and so print its own `desist:` line),
 * move the cursor or recolour a terminal, or fill a screen.
 *
 * - Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides
 *   are shown as escapes: `\n`, `\r`, `\t`, `\x1b`, `\u202e`.
 * - A quoted value is cut to {@link VALUE_MAX} characters, then `…`; a whole line to {@link LINE_MAX}.
 *
 * @example
 * quote('2023-01-01\ndesist: all fine');   // "'2023-01-01\\ndesist: all fine'"
 * quote('x'.repeat(100));                  // "'" + 'x'.repeat(60) + "…'"
 * escapeControls('\x1b[31mred');           // '\\x1b[31mred'
 */

/** Longest value shown inside quotes (characters, before the ellipsis). */
export const VALUE_MAX = 60;
/** Longest line printed (characters, before the ellipsis). */
export const LINE_MAX = 1000;
/** Most items of a list shown in one message. */
export const LIST_MAX = 12;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control and direction characters as visible escapes. */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `s` cut to at most `max` characters (whole code points), with `…` when cut. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max).join('')}…`;
}

/** A value as shown in a message: cut, escaped, in single quotes. */
export function quote(v: unknown, max = VALUE_MAX): string {
  return `'${escapeControls(cut(String(v), max))}'`;
}

/** Values quoted and joined with ', '; past `max` items, `… and N more`. */
export function quoteList(vs: readonly unknown[], max = LIST_MAX): string {
  const shown = vs.slice(0, max).map((v) => quote(v));
  return vs.length > max ? `${shown.join(', ')} … and ${(vs.length - max).toLocaleString('en-GB')} more` : shown.join(', ');
}

/** A whole message line: escaped and cut, so it is one line of bounded length, whatever it holds. */
export function oneLine(s: string, max = LINE_MAX): string {
  return escapeControls(cut(s, max));
}
