#!/usr/bin/env node
// A few lines: run the CLI, set the exit code (src/cli/stdio.ts: closed pipes and full disks).
import { run } from '../dist/cli/run.js';
import { guardStdio } from '../dist/cli/stdio.js';

const stdio = guardStdio(process);
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date(), cwd: process.cwd() };
process.exitCode = stdio.exitCode(await run(process.argv.slice(2), io));
