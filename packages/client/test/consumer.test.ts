import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const consumerDir = fileURLToPath(new URL('./consumer/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Compiles a test/consumer project against the built @coze/client types (its package self-reference). */
async function compile(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', project], { cwd: consumerDir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, output: failure.stdout };
  }
}

describe('a consumer compiling against @coze/client', () => {
  it('type-checks a program that uses every operation, streaming, errors and the fetch client', async () => {
    const result = await compile('tsconfig.json');
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects every deliberate misuse, each on its own line', async () => {
    const misuse = 'misuse.ts';
    const source = await readFile(consumerDir + misuse, 'utf8');
    const expectedLines = source
      .split('\n')
      .map((line, index) => (line.includes('// MISUSE') ? index + 1 : 0))
      .filter(Boolean);
    const { code, output } = await compile('tsconfig.misuse.json');
    expect(code).not.toBe(0);
    const errorLines = new Set([...output.matchAll(/misuse\.ts\((\d+),\d+\): error/g)].map((match) => Number(match[1])));
    expect(expectedLines).toHaveLength(9);
    for (const line of expectedLines) expect(errorLines.has(line), `line ${line} should not compile:\n${output}`).toBe(true);
    expect([...errorLines].every((line) => expectedLines.includes(line)), output).toBe(true);
  });
});
