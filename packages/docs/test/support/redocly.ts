import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { packageDir } from './paths.js';

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

/** Runs the Redocly CLI in packages/docs, the way the build does. */
export async function redocly(args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
    cwd: packageDir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  return stdout + stderr;
}
