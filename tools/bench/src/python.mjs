// 7. The Python SDK: packages/python/bench/bench.py in the SDK's venv, against the same minimal local servers.
// CozeAPI.chat.create against raw httpx.Client.post (concurrency 1) and AsyncCozeAPI against httpx.AsyncClient
// (concurrency 16), as ratios within each round; coze.chat.stream against a plain line-split parser.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureVenv, venvPython } from '../../../packages/python/scripts/venv.mjs';

export const GOAL_RATIO = 0.9;

const script = fileURLToPath(new URL('../../../packages/python/bench/bench.py', import.meta.url));

export async function runPython({ servers, requests, rounds, streamRounds, timeLimitMs, log }) {
  ensureVenv({ log: (line) => log(`  python: ${line}`) });
  const args = [
    script,
    '--chat-url', servers.chatUrl,
    '--stream-url', servers.streamUrl,
    '--stream-bytes', String(servers.streamBytes),
    '--deltas', String(servers.deltas),
    '--requests', String(requests),
    '--rounds', String(rounds),
    '--stream-rounds', String(streamRounds),
    '--time-limit', String(timeLimitMs / 1000),
  ];
  const child = spawn(venvPython, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const line of String(chunk).split('\n').filter(Boolean)) log(line);
  });
  // The script bounds its own rounds by time; this is the backstop.
  const killer = setTimeout(() => child.kill('SIGKILL'), timeLimitMs + 120_000);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  if (code !== 0) throw new Error(`bench.py exited with ${code}:\n${stderr.slice(-2000)}`);
  const report = JSON.parse(stdout.trim().split('\n').at(-1));
  const row = (id, client, part, concurrency) => ({ id, client, concurrency, ...part });
  return {
    python: report.python,
    httpx: report.httpx,
    requests: report.requests,
    rows: [
      row('httpx-c1', 'raw httpx.Client.post + .json()', report.throughput.c1.httpx, 1),
      row('coze-c1', 'CozeAPI chat.create', report.throughput.c1.coze, 1),
      row('coze-unchecked-c1', '  ↳ without request validation', report.throughput.c1['coze-unchecked'], 1),
      row('httpx-c16', 'raw httpx.AsyncClient.post + .json()', report.throughput.c16.httpx, 16),
      row('coze-c16', 'AsyncCozeAPI chat.create', report.throughput.c16.coze, 16),
    ],
    stream: [
      { id: 'plain', parser: 'plain line-split parser + json.loads (iter_lines)', ...report.stream.plain },
      { id: 'coze', parser: 'CozeAPI chat.stream (typed events)', ...report.stream.coze },
    ],
  };
}
