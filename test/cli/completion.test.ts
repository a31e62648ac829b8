/**
 * `desist completion bash|zsh`: the script is generated from the option tables, so every
 * command and option `--help` lists is completed; bash parses the script (bash -n), and
 * sourcing it completes a command name, an option and an option's choices.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'desist-completion-'));

/** Complete `words` (the line typed so far, split) with the bash script sourced. */
function complete(script: string, words: string[]): string[] {
  const file = join(dir, 'desist.bash');
  writeFileSync(file, script);
  const line = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    ['-c', `source ${file}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; COMP_LINE="${words.join(' ')}"; COMP_POINT=\${#COMP_LINE}; _desist; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

describe('desist completion', () => {
  it('bash: a script bash parses, completing commands, options and choices', async () => {
    const r = await runCli(['completion', 'bash'], { cwd: dir });
    expect(r.code).toBe(0);
    execFileSync('bash', ['-n'], { input: r.stdout });
    expect(complete(r.stdout, ['desist', 'qua'])).toEqual(['quarterly']);
    expect(complete(r.stdout, ['desist', 'quarterly', '--custody-m'])).toEqual(['--custody-mode']);
    expect(complete(r.stdout, ['desist', 'quarterly', '--custody-mode', 'w'])).toEqual(['whole-quarter']);
    expect(complete(r.stdout, ['desist', 'compare', '--style', ''])).toEqual(['standard', 'jdl']);
    expect(complete(r.stdout, ['desist', 'sql', ''])).toEqual(expect.arrayContaining(['quarterly', 'followup']));
  });

  it('zsh: a #compdef script naming every command', async () => {
    const r = await runCli(['completion', 'zsh'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef desist')).toBe(true);
    for (const c of ['validate', 'quarterly', 'followup', 'compare', 'match', 'batch', 'explain', 'report', 'ci', 'sql']) expect(r.stdout).toContain(c);
  });

  it('an unknown shell is a usage error (exit 2)', async () => {
    const r = await runCli(['completion', 'fish'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/completion: expected bash or zsh, got 'fish'/);
  });
});
