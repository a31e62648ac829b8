/**
 * Every `@example` block in a doc comment under src/ is run here, so an example cannot drift from
 * the code. The format (also in the README's Development section):
 *
 * - `@example` stands alone on a doc-comment line; the block is every line after it up to the
 *   next `@tag` or the end of the comment, and all of it is JavaScript (no prose, no types).
 * - `EXPR; // VALUE` is an assertion: EXPR (which may start on earlier lines) must equal VALUE
 *   (`toEqual`). VALUE is a JavaScript expression (usually a literal) evaluated in the same scope;
 *   it may go on over the following `//` lines while its brackets are open, and may end with
 *   ` — remark`, which is not compared.
 * - `EXPR; // ≈ 0.1807` compares a number rounded to the decimals printed;
 *   `EXPR; // throws RangeError: message` expects that error class and exact message.
 * - Any other statement is setup, run in order; `import { f } from './x.js'` lines (relative to
 *   the source file) bring in names the module does not export. A comment on its own line is a
 *   remark. A trailing comment anywhere but on an assertion is an error.
 *
 * The module's exports are in scope. A block that cannot be parsed, or that has no assertion,
 * fails; so does an `@example` that is not at the start of a doc-comment line.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'src');
const REMARK = ' — ';

interface Assertion {
  line: number;
  expr: string;
  /** a JavaScript expression, or the rounded number / error for the two special forms */
  want: { kind: 'equal'; value: string } | { kind: 'round'; value: number; decimals: number } | { kind: 'throws'; name: string; message: string };
}

interface Block {
  file: string;
  line: number;
  /** body of a function: setup statements and `__check(i, () => (EXPR), ...)` calls */
  body: string;
  /** module URLs of the block's `import` lines, in order (bound as `__imports[i]`) */
  imports: string[];
  assertions: Assertion[];
}

class ExampleFormatError extends Error {}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The `@example` blocks of one file: their code lines with the file's line numbers. */
function exampleBlocks(text: string, file: string): { line: number; lines: { n: number; text: string }[] }[] {
  const lines = text.split('\n');
  const blocks: { line: number; lines: { n: number; text: string }[] }[] = [];
  let inDoc = false;
  let block: (typeof blocks)[number] | null = null;
  let seen = 0;
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.includes('@example')) seen++;
    if (!inDoc) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw)) inDoc = true;
      return;
    }
    const end = /\*\/\s*$/.test(raw);
    const body = raw.replace(/\*\/\s*$/, '').replace(/^\s*\* ?/, '');
    if (/^@\w/.test(body)) {
      block = null;
      if (/^@example\s*$/.test(body)) {
        block = { line: n, lines: [] };
        blocks.push(block);
      }
    } else if (block && !(end && body.trim() === '')) {
      block.lines.push({ n, text: body });
    }
    if (end) {
      inDoc = false;
      block = null;
    }
  });
  if (blocks.length !== seen) {
    throw new ExampleFormatError(
      `${file}: ${seen} @example, ${blocks.length} well-formed: each must stand alone at the start of a line of a multi-line /** */ comment`,
    );
  }
  return blocks;
}

function compiles(value: string): boolean {
  try {
    new Function(`return (${value});`);
    return true;
  } catch {
    return false;
  }
}

/** VALUE of an assertion: the comment after EXPR, continued on `//` lines while it does not parse. */
function readValue(first: string, next: string[]): Assertion['want'] {
  let text = first;
  let used = 0;
  for (;;) {
    const cut = text.indexOf(REMARK);
    const value = (cut >= 0 ? text.slice(0, cut) : text).trim();
    const want = parseWant(value);
    if (want) return want;
    const more = next[used]?.trim();
    if (more === undefined || !more.startsWith('//')) {
      throw new ExampleFormatError(`the value \`${value}\` is not a JavaScript expression, \`≈ NUMBER\` or \`throws Error: message\``);
    }
    text += ' ' + more.slice(2).trim();
    used++;
  }
}

function parseWant(value: string): Assertion['want'] | null {
  const round = /^≈ (-?\d+\.(\d+))$/.exec(value);
  if (round) return { kind: 'round', value: Number(round[1]), decimals: round[2].length };
  const throws = /^throws (\w+): (.+)$/.exec(value);
  if (throws) return { kind: 'throws', name: throws[1], message: throws[2] };
  if (value === '' || value.startsWith('≈') || value.startsWith('throws ') || !compiles(value)) return null;
  if (callsALiteral(value)) throw new ExampleFormatError(`the value \`${value}\` calls a literal: put a remark after \`${REMARK.trim()}\`, not in brackets`);
  return { kind: 'equal', value };
}

/** `[2, 4, 6] (a remark)` parses as a call of the array: a remark in brackets, not a value. */
function callsALiteral(value: string): boolean {
  const sf = ts.createSourceFile('value.js', `(${value});`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const stmt = sf.statements[0];
  if (!stmt || !ts.isExpressionStatement(stmt)) return false;
  let inner = stmt.expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (!ts.isCallExpression(inner)) return false;
  const callee = inner.expression;
  return ts.isArrayLiteralExpression(callee) || ts.isObjectLiteralExpression(callee) || ts.isLiteralExpression(callee) || callee.kind === ts.SyntaxKind.NullKeyword;
}

/** `import { a, b as c } from './x.js'` as `const { a, b: c } = __imports[i]` and the module URL. */
function importStatement(node: ts.ImportDeclaration, file: string, i: number): { code: string; url: string } {
  const bindings = node.importClause?.namedBindings;
  if (!node.importClause || node.importClause.name || !bindings || !ts.isNamedImports(bindings)) {
    throw new ExampleFormatError('only `import { name, ... } from "./path.js"` is allowed');
  }
  const spec = (node.moduleSpecifier as ts.StringLiteral).text;
  const url = pathToFileURL(resolve(dirname(file), spec.replace(/\.js$/, '.ts'))).href;
  const names = bindings.elements.map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
  return { code: `const { ${names.join(', ')} } = __imports[${i}];`, url };
}

function parseBlock(file: string, start: number, lines: { n: number; text: string }[]): Block {
  const code = lines.map((l) => l.text).join('\n');
  const sf = ts.createSourceFile('example.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const parts: string[] = [];
  const assertions: Assertion[] = [];
  const imports: string[] = [];
  for (const stmt of sf.statements) {
    const last = lineOf(stmt.end);
    const where = `${relative(ROOT, file)}:${lines[last].n}`;
    const trailing = (ts.getTrailingCommentRanges(code, stmt.end) ?? []).filter((c) => lineOf(c.pos) === last);
    try {
      if (ts.isImportDeclaration(stmt)) {
        if (trailing.length) throw new ExampleFormatError('a trailing comment on an import');
        const { code: line, url } = importStatement(stmt, file, imports.length);
        imports.push(url);
        parts.push(line);
        continue;
      }
      if (!trailing.length) {
        parts.push(stmt.getText());
        continue;
      }
      if (!ts.isExpressionStatement(stmt) || trailing[0].kind !== ts.SyntaxKind.SingleLineCommentTrivia) {
        throw new ExampleFormatError('a trailing comment on something other than an assertion `EXPR; // VALUE`');
      }
      if (!stmt.getText().endsWith(';')) throw new ExampleFormatError('an assertion must end with `;` before its `// VALUE`');
      const rest = lines.slice(last + 1).map((l) => l.text);
      const want = readValue(code.slice(trailing[0].pos + 2, trailing[0].end), rest);
      const expr = stmt.expression.getText();
      const i = assertions.length;
      assertions.push({ line: lines[lineOf(stmt.getStart())].n, expr: expr.replace(/\s+/g, ' '), want });
      const wantFn = want.kind === 'equal' ? `() => (${want.value})` : 'null';
      parts.push(`__check(${i}, () => (${expr}), ${wantFn});`);
    } catch (e) {
      if (e instanceof ExampleFormatError) throw new ExampleFormatError(`${where}: ${e.message}`);
      throw e;
    }
  }
  const body = parts.join('\n');
  try {
    new Function('__check', '__imports', `{\n${body}\n}`);
  } catch (e) {
    throw new ExampleFormatError(`${relative(ROOT, file)}:${start}: this @example block is not valid JavaScript: ${(e as Error).message}`);
  }
  if (assertions.length === 0) {
    throw new ExampleFormatError(`${relative(ROOT, file)}:${start}: this @example block has no assertion \`EXPR; // VALUE\``);
  }
  return { file, line: start, body, imports, assertions };
}

type Outcome = { value: unknown } | { error: unknown };

function attempt(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** Runs a block once; each assertion's outcome (what EXPR gave, what VALUE gave) by index. */
async function runBlock(block: Block): Promise<{ got: Outcome[]; want: (Outcome | null)[]; setupError?: unknown }> {
  const mod = (await import(/* @vite-ignore */ pathToFileURL(block.file).href)) as Record<string, unknown>;
  const names = Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
  const got: Outcome[] = [];
  const want: (Outcome | null)[] = [];
  const check = (i: number, g: () => unknown, w: (() => unknown) | null): void => {
    got[i] = attempt(g);
    want[i] = w ? attempt(w) : null;
  };
  const imports = await Promise.all(block.imports.map((url) => import(/* @vite-ignore */ url)));
  const fn = new Function('__check', '__imports', ...names, `{\n${block.body}\n}`);
  try {
    fn(check, imports, ...names.map((k) => mod[k]));
    return { got, want };
  } catch (setupError) {
    return { got, want, setupError };
  }
}

function verify(a: Assertion, got: Outcome | undefined, want: Outcome | null, setupError: unknown): void {
  if (!got) throw new Error(`not reached: a setup statement before it threw: ${String(setupError)}`);
  if (a.want.kind === 'throws') {
    if (!('error' in got)) throw new Error(`expected ${a.want.name}: ${a.want.message}, but it returned ${JSON.stringify(got.value)}`);
    const err = got.error as Error;
    expect(`${err.constructor.name}: ${err.message}`).toBe(`${a.want.name}: ${a.want.message}`);
    return;
  }
  if ('error' in got) throw got.error;
  if (a.want.kind === 'round') {
    expect(typeof got.value).toBe('number');
    expect(got.value).toBeCloseTo(a.want.value, a.want.decimals);
    return;
  }
  if (!want || 'error' in want) throw new Error(`the VALUE \`${a.want.value}\` threw: ${String(want && want.error)}`);
  expect(got.value).toEqual(want.value);
}

function label(expr: string): string {
  return expr.length > 90 ? `${expr.slice(0, 89)}…` : expr;
}

const files = sourceFiles(SRC)
  .sort()
  .filter((f) => readFileSync(f, 'utf8').includes('@example'));

describe('@example blocks in src/', () => {
  it('finds files with examples', () => expect(files.length).toBeGreaterThan(50));
});

for (const file of files) {
  const name = relative(ROOT, file);
  describe(name, () => {
    let blocks: Block[];
    try {
      blocks = exampleBlocks(readFileSync(file, 'utf8'), name).map((b) => parseBlock(file, b.line, b.lines));
    } catch (e) {
      it(`${name}: @example blocks in the documented format`, () => {
        throw e;
      });
      return;
    }
    for (const block of blocks) {
      let run: ReturnType<typeof runBlock> | undefined;
      block.assertions.forEach((a, i) => {
        it(`${name}:${a.line} ${label(a.expr)}`, async () => {
          run ??= runBlock(block);
          const r = await run;
          verify(a, r.got[i], r.want[i], r.setupError);
        });
      });
    }
  });
}
