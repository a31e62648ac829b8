#!/usr/bin/env node
// A few lines: ready the parsing threads a big dataset will need (src/io/parse-pool.ts: their
// start overlaps the loading of the CLI's modules), run the CLI, set the exit code
// (src/cli/stdio.ts: closed pipes and full disks).
import { endParseThreads, likelyParseThreads, readyParseThreads } from '../dist/io/parse-pool.js';
import { guardStdio } from '../dist/cli/stdio.js';

const argv = process.argv.slice(2);
readyParseThreads(likelyParseThreads(argv, process.env, process.cwd()));
const { run } = await import('../dist/cli/run.js');
const stdio = guardStdio(process);
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date(), cwd: process.cwd() };
process.exitCode = stdio.exitCode(await run(argv, io));
endParseThreads();
