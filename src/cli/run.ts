/**
 * The CLI as a function: run(argv, io) -> exit code. Nothing here calls process.exit; help,
 * usage errors and output all go through `io`, so tests run the CLI in-process.
 */
import { Command, CommanderError } from 'commander';
import type { CliIO } from './io.js';
import { DesistError, EXIT } from '../core/errors.js';
import { escapeControls, oneLine } from '../core/text.js';
import { makeCtx, type Ctx } from './context.js';
import { METHOD_VERSION, VERSION } from '../version.js';
import { COMMANDS } from './commands.js';

/**
 * An error as printed: `desist: WHERE: message`, then one line per detail. Each line is made one
 * line of bounded length (src/core/text.ts), whatever values it quotes.
 */
export function formatError(e: DesistError): string {
  const where = e.where ? `${e.where}: ` : '';
  return [`desist: ${oneLine(`${where}${e.message}`)}`, ...e.details.map((d) => (d.startsWith('desist:') ? `desist:${oneLine(d.slice(7))}` : `desist: ${oneLine(d)}`))].join('\n');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const ctx: Ctx = makeCtx(io, argv);
  let exitCode = 0;
  const setExit = (c: number) => {
    exitCode = c;
  };
  const program = new Command('desist')
    .description('Defensible, reproducible desistance and reoffending figures from police and probation extracts.')
    .version(`desist ${VERSION} (method ${METHOD_VERSION}: docs/method.md)`, '-V, --version')
    .showSuggestionAfterError(true)
    .enablePositionalOptions(false);
  for (const make of COMMANDS) program.addCommand(make(ctx, setExit));
  const configure = (c: Command) => {
    c.exitOverride();
    c.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80),
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns ? io.stderr.columns : 80),
      // commander's own messages quote what was typed: escape it, keeping its line structure
      outputError: (s, write) => write((s.startsWith('error:') ? `desist: ${s.slice(7)}` : s).split('\n').map(escapeControls).join('\n')),
    });
    c.commands.forEach(configure);
  };
  configure(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version succeed; help shown because no command was given is a usage error
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.OK;
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof DesistError) {
      io.stderr.write(`${formatError(e)}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    if (argv.includes('--verbose')) io.stderr.write(`${err.stack ?? String(err)}\n`);
    io.stderr.write(`desist: internal error: ${oneLine(err.message ?? String(err))} (this is a bug; re-run with --verbose for the stack trace)\n`);
    return EXIT.INTERNAL;
  }
}
