// The main job's last step: runs quickstart.ts against the embedded server (started and stopped here), unless
// both COZE_BASE_URL and COZE_API_KEY are set: then against that platform, after saying what it will do there.
// `--yes` skips the question a terminal gets before that.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@coze/mock-server';

const here = fileURLToPath(new URL('.', import.meta.url));
const env = { ...process.env };
const real = Boolean(env.COZE_BASE_URL && env.COZE_API_KEY);
const name = `quickstart-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
let server;

if (real) {
  console.log(
    [
      `Quick start against ${env.COZE_BASE_URL} with COZE_API_KEY (both are set). It will:`,
      '  1. send a chat and a streamed chat',
      `  2. create a workflow named ${name}, list workflows and run it once`,
      '  3. read that workflow 25 times at once (paced by the client at 10 requests/s)',
      `  4. delete ${name} — at the end, and also if a step fails or you press Ctrl-C`,
    ].join('\n'),
  );
  if (process.stdin.isTTY && !process.argv.includes('--yes')) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question('Go on? [y/N] ').catch(() => 'n');
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log('Stopped: nothing was sent.');
      process.exit(0);
    }
  }
  console.log('');
} else {
  const half = env.COZE_API_KEY ? 'COZE_API_KEY' : env.COZE_BASE_URL ? 'COZE_BASE_URL' : undefined;
  server = await startMockServer();
  env.COZE_BASE_URL = server.url;
  env.COZE_API_KEY = server.tokens.admin;
  console.log(`Quick start against the embedded Coze server at ${server.url} (10 requests/s per token)`);
  if (half) console.log(`(only ${half} is set: a real platform needs both COZE_BASE_URL and COZE_API_KEY)`);
  console.log('');
}

const child = spawn(process.execPath, ['--import', 'tsx', 'quickstart.ts'], {
  cwd: here,
  env: { ...env, QUICKSTART_NAME: name },
  stdio: 'inherit',
});
// Ctrl-C reaches the quick start too (it cleans up, then exits); this process waits for it, and passes on a
// signal sent to this process alone.
const passOn = (signal) => child.exitCode === null && child.kill(signal);
process.on('SIGINT', passOn);
process.on('SIGTERM', passOn);
const code = await new Promise((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 130 : 1))));
await server?.close();

const docs = fileURLToPath(new URL('../packages/docs/build/', import.meta.url));
if (code === 0 && existsSync(docs)) {
  console.log(`\nReference docs: ${docs}en/index.html (English) and ${docs}zh/index.html (简体中文)`);
}
process.exit(code);
