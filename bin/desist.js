#!/usr/bin/env node
// A few lines: run the CLI, set the exit code. A reader closing the pipe early is success.
import { run } from '../dist/cli/run.js';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// A closed stderr (2>&1 | head) must not turn into an uncaught error: the exit code stays the command's.
process.stderr.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date(), cwd: process.cwd() };
process.exitCode = await run(process.argv.slice(2), io);
