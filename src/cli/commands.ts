/** The subcommands, in the order `desist --help` lists them. */
import type { Command } from 'commander';
import type { Ctx } from './context.js';
import { validateCommand } from './validate.js';
import { quarterlyCommand } from './quarterly.js';
import { followupCommand } from './followup.js';
import { ciCommand } from './ci.js';
import { compareCommand } from './compare.js';
import { reportCommand } from './report.js';
import { explainCommand } from './explain.js';
import { matchCommand } from './match.js';
import { batchCommand } from './batch.js';
import { sqlCommand } from './sql.js';
import { completionCommandFactory } from './completion.js';

export type CommandFactory = (ctx: Ctx, setExit: (code: number) => void) => Command;

const ANALYSES: CommandFactory[] = [validateCommand, quarterlyCommand, followupCommand, compareCommand, matchCommand, batchCommand, explainCommand, reportCommand, ciCommand, sqlCommand];

export const COMMANDS: CommandFactory[] = [...ANALYSES, completionCommandFactory(() => ANALYSES)];
