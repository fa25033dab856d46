// The main job's last step: runs quickstart.ts against the embedded server (started and stopped
// here), or against COZE_BASE_URL (default https://api.coze.cn/v1) when COZE_API_KEY is set.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@coze/mock-server';

const here = fileURLToPath(new URL('.', import.meta.url));
const env = { ...process.env };
let server;
if (env.COZE_API_KEY) {
  console.log(`Quick start against ${env.COZE_BASE_URL ?? 'https://api.coze.cn/v1'} (COZE_API_KEY is set)\n`);
} else {
  server = await startMockServer();
  env.COZE_BASE_URL = server.url;
  env.COZE_API_KEY = server.tokens.admin;
  console.log(`Quick start against the embedded Coze server at ${server.url} (10 requests/s per token)\n`);
}

const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'quickstart.ts'], { cwd: here, env, stdio: 'inherit' });
  child.on('exit', (status) => resolve(status ?? 1));
});
await server?.close();

const docs = fileURLToPath(new URL('../packages/docs/build/', import.meta.url));
if (existsSync(docs)) {
  console.log(`\nReference docs: ${docs}en/index.html (English) and ${docs}zh/index.html (简体中文)`);
}
process.exit(code);
