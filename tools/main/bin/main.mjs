#!/usr/bin/env node
// `pnpm main`: what a newcomer runs first. It builds everything (lint the spec, generate, compile, the docs) with
// the tools' own output kept in a log file, then runs the quick start, so the screen shows a few lines of
// progress and the result. `--verbose` shows everything as it happens; a failure prints the log's end and path.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const verbose = process.argv.includes('--verbose');
const passOn = process.argv.slice(2).filter((arg) => arg !== '--verbose');
const logFile = `${root}.tmp/main.log`;

/** No telemetry notices, update notices or colours in what the tools print. */
const quietEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_UPDATE_NOTIFIER: '1',
};

/**
 * Runs a step: in verbose mode on the terminal, otherwise into the log file. Resolves to its exit code and, when
 * it was logged, what it printed.
 */
function step(command, args, log) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: quietEnv, stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    if (!verbose) {
      const keep = (chunk) => {
        output += chunk;
        log.write(chunk);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The end of a failed step's output, without colour codes. */
function tail(output, lines = 30) {
  // biome-ignore lint: a regular expression for ANSI escapes
  return output.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
}

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

await mkdir(`${root}.tmp`, { recursive: true });
const log = verbose ? undefined : createWriteStream(logFile);

const steps = [
  ['Checking for Chromium (the docs’ browser test)', 'bash', ['packages/docs/scripts/ensure-chromium.sh']],
  ['Building: lint the spec, generate the client, compile, docs', 'pnpm', ['exec', 'turbo', 'run', 'build', 'docs', '--output-logs=full']],
];
for (const [what, command, args] of steps) {
  const started = performance.now();
  if (!verbose) process.stdout.write(`${what}… `);
  const { code, output } = await step(command, args, log);
  if (code !== 0) {
    if (!verbose) {
      process.stdout.write('failed\n\n');
      console.error(tail(output));
      await new Promise((resolve) => log.end(resolve));
      console.error(`\nThe whole log: ${logFile} (or run \`pnpm main --verbose\`)`);
    }
    process.exit(code);
  }
  if (!verbose) {
    const tasks = /Tasks:\s+(\d+) successful, (\d+) total\s+Cached:\s+(\d+) cached/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
    const detail = tasks ? ` (${tasks[2]} tasks, ${tasks[3]} cached)` : '';
    // What a step says for itself (ensure-chromium: installing …) shows; the tools' own output stays in the log.
    const notes = output.split('\n').filter((line) => line.startsWith('ensure-chromium:')).map((line) => `\n${line}`).join('');
    process.stdout.write(`done in ${seconds(started)}${detail}${notes}\n`);
  }
}
if (log) {
  await new Promise((resolve) => log.end(resolve));
  console.log(`(build log: ${logFile.slice(root.length)})\n`);
}

// The quick start prints its own lines; Ctrl-C reaches it directly (it cleans up what it made).
const quickstart = spawn(process.execPath, ['examples/run-quickstart.mjs', ...passOn], { cwd: root, env: quietEnv, stdio: 'inherit' });
process.on('SIGINT', () => undefined);
process.on('SIGTERM', (signal) => quickstart.kill(signal));
quickstart.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
