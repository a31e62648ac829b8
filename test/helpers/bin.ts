/** Running the BUILT binary (`node bin/desist.js`) in a child process, as a user runs it. */
import { execSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'desist.js');
export const STACK = /^\s{4}at /m;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything that switches colour on or off. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

export function desist(args: string[], env: NodeJS.ProcessEnv = plainEnv(), opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A bash script (with pipefail), for pipes, redirections and FIFOs. */
export function bash(script: string, env: NodeJS.ProcessEnv = plainEnv(), opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { cwd: ROOT, env, encoding: 'utf8', ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Build once if dist/ is missing (npm test builds before vitest). */
export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
}
