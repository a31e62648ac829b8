/**
 * Fitting text to a terminal width. Nothing is cut: words wrap at spaces, and a word longer
 * than the width (a long file path) is broken across lines rather than shortened.
 */

/**
 * Word-wrap one paragraph to `width` columns; continuation lines start with `indent`.
 * @example
 * wrapText('a bb ccc', 4); // 'a bb\nccc'
 * wrapText('abcdefgh', 3); // 'abc\ndef\ngh'
 */
export function wrapText(text: string, width: number, indent = ''): string {
  return wrapLines(text, width, indent).join('\n');
}

export function wrapLines(text: string, width: number, indent = ''): string[] {
  // leading spaces (an indented line) stay, on every line the text wraps onto
  const lead = /^ */.exec(text)![0];
  if (lead) return wrapLines(text.slice(lead.length), width - lead.length, indent).map((l) => lead + l);
  const w = Math.max(1, width);
  const out: string[] = [];
  let line = '';
  const room = () => w - (out.length > 0 ? indent.length : 0);
  const flush = () => {
    out.push(out.length > 0 ? indent + line : line);
    line = '';
  };
  for (let word of text.split(/ +/)) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length <= room()) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') flush();
    while (word.length > room()) {
      line = word.slice(0, Math.max(1, room()));
      word = word.slice(line.length);
      flush();
    }
    line = word;
  }
  if (line !== '' || out.length === 0) flush();
  return out;
}

/**
 * Split a header label into at most `maxLines` lines, as narrow as possible but never
 * narrower than `min` (the widest cell below it). Returns the lines and the width used.
 */
export function headerLines(label: string, min: number, maxLines = 3): { lines: string[]; width: number } {
  const words = label.split(' ').filter(Boolean);
  let width = Math.max(min, ...words.map((w) => w.length), 0);
  for (;;) {
    const lines = wrapLines(label, width);
    if (lines.length <= maxLines || width >= label.length) return { lines, width: Math.max(width, ...lines.map((l) => l.length)) };
    width++;
  }
}
