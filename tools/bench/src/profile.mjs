#!/usr/bin/env node
// `pnpm --filter @coze/bench cpu-profile [throughput|stream] [--against fetch]`: where the time goes, side
// by side. Runs a baseline (for throughput: the hand-written node:http keep-alive request that issue 18's
// goal compares with, or raw fetch with --against fetch) and our client in alternating bursts under V8's CPU profiler, then charges every sample
// to the burst it fell in and to the code that was running (the nearest JavaScript frame: SDK,
// undici's fetch, web streams, node internals…), per request or per event. The same process and
// the same minutes for both sides, so machine noise falls on both.
import { Session } from 'node:inspector/promises';
import { CozeAPI } from '@coze/client';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { nodeHttp, rawFetch } from './clients.mjs';
import { startBenchServers } from './servers.mjs';
import { PARSERS } from './stream.mjs';
import { collectYoungGarbage } from './stats.mjs';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const againstIndex = args.indexOf('--against');
const against = againstIndex >= 0 ? args.splice(againstIndex, 2)[1] : 'node:http';
const concurrencyIndex = args.indexOf('--concurrency');
const concurrency = concurrencyIndex >= 0 ? Number(args.splice(concurrencyIndex, 2)[1]) : 1;
const mode = args[0] ?? 'throughput';

function category(url) {
  if (url.includes('packages/runtime')) return 'SDK: @coze/runtime';
  if (url.includes('packages/client')) return 'SDK: @coze/client (generated, validators)';
  if (url.includes('eventsource-parser')) return 'eventsource-parser';
  if (url.includes('undici')) return "undici (node's fetch)";
  if (url.includes('webstreams')) return 'web streams (response body)';
  if (url.includes('tools/bench')) return 'bench harness (incl. its JSON calls)';
  if (url.startsWith('node:')) return `node: ${url.replace('node:internal/', '')}`;
  return 'other';
}

/** Charges each sample to its window's side and to the nearest frame with a script URL. */
function attribute(profile, windows) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byCategory = {};
  const bySdkFrame = {};
  let time = profile.startTime;
  let index = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const weight = profile.timeDeltas[i + 1] ?? 0;
    while (index < windows.length && windows[index].end < time) index++;
    const window = windows[index];
    if (!window || time < window.start) continue;
    let node = nodes.get(profile.samples[i]);
    const leaf = node.callFrame.functionName;
    let key;
    if (leaf === '(idle)' || leaf === '(garbage collector)' || leaf === '(program)') key = leaf;
    else {
      let native;
      while (node && !node.callFrame.url) {
        native ??= node.callFrame.functionName;
        node = nodes.get(parents.get(node.id));
      }
      key = node ? category(node.callFrame.url) : '(native)';
      if (node && key.startsWith('SDK')) {
        const frame = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}${native ? ` → ${native}` : ''}`;
        bySdkFrame[frame] = (bySdkFrame[frame] ?? 0) + weight;
      }
    }
    byCategory[window.side] ??= {};
    byCategory[window.side][key] = (byCategory[window.side][key] ?? 0) + weight;
  }
  return { byCategory, bySdkFrame };
}

async function profiled(sides, rounds, run) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const windows = [];
  await session.post('Profiler.start');
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      // A scavenge, not a full GC: a full one, with no request in flight, frees the maps of the objects each
      // request makes and so throws away the optimized code that checks them; every burst would then be
      // spent re-optimizing (2-3x the CPU per call for its first ~2,500 calls at concurrency 16).
      collectYoungGarbage();
      const start = Number(process.hrtime.bigint() / 1000n);
      const units = await run(side);
      // Round 0 warms up and is not charged.
      if (round > 0) windows.push({ side: side.label, start, end: Number(process.hrtime.bigint() / 1000n), units });
    }
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return { profile, windows: windows.sort((a, b) => a.start - b.start) };
}

function report({ profile, windows }, sides, unit) {
  const { byCategory, bySdkFrame } = attribute(profile, windows);
  const labels = sides.map((side) => side.label);
  const units = Object.fromEntries(labels.map((label) => [label, windows.filter((w) => w.side === label).reduce((sum, w) => sum + w.units, 0)]));
  const wall = Object.fromEntries(labels.map((label) => [label, windows.filter((w) => w.side === label).reduce((sum, w) => sum + w.end - w.start, 0)]));
  const per = (label, key) => (byCategory[label]?.[key] ?? 0) / units[label];
  const keys = [...new Set(labels.flatMap((label) => Object.keys(byCategory[label] ?? {})))];
  keys.sort((a, b) => per(labels[1], b) + per(labels[0], b) - per(labels[1], a) - per(labels[0], a));
  const width = Math.max(...keys.map((key) => key.length), 24);
  const cell = (value) => value.toFixed(2).padStart(12);
  console.log(`µs per ${unit}`.padEnd(width), ...labels.map((label) => label.slice(0, 12).padStart(12)), 'difference'.padStart(12));
  console.log('wall clock'.padEnd(width), ...labels.map((label) => cell(wall[label] / units[label])), cell(wall[labels[1]] / units[labels[1]] - wall[labels[0]] / units[labels[0]]));
  for (const key of keys.filter((k) => Math.max(...labels.map((label) => per(label, k))) >= 0.005)) {
    console.log(key.padEnd(width), ...labels.map((label) => cell(per(label, key))), cell(per(labels[1], key) - per(labels[0], key)));
  }
  console.log(`\nSDK frames in "${labels[1]}" (self time plus the built-ins they call), µs per ${unit}:`);
  for (const [frame, us] of Object.entries(bySdkFrame).sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(cell(us / units[labels[1]]), ' ', frame);
  }
}

const servers = await startBenchServers();
try {
  if (mode === 'throughput') {
    const requests = 1000;
    if (against !== 'node:http' && against !== 'fetch') throw new Error(`--against ${against}: node:http or fetch`);
    const baseline = (against === 'fetch' ? rawFetch : nodeHttp).create(servers.chatUrl, 'bench-token');
    const coze = new CozeAPI({ apiKey: 'bench-token', baseURL: servers.chatUrl, rateLimit: false });
    const sides = [
      { label: against === 'fetch' ? 'raw fetch' : 'node:http', call: baseline.call },
      { label: 'CozeAPI', call: () => coze.chat.create(CHAT_REQUEST) },
    ];
    console.log(`Profiling ${requests} POSTs at a time, ${sides[0].label} and CozeAPI (rateLimit: false) alternating, concurrency ${concurrency}…\n`);
    const result = await profiled(sides, 16, async (side) => {
      let next = 0;
      const worker = async () => {
        while (next < requests) {
          next++;
          await side.call();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return requests;
    });
    report(result, sides, 'request');
  } else if (mode === 'stream') {
    const sides = ['eventsource-parser', 'coze-chat-stream'].map((id) => {
      const parser = PARSERS.find((candidate) => candidate.id === id);
      return { label: id, run: parser.run };
    });
    console.log(`Profiling ${servers.deltas} chat deltas per stream, eventsource-parser and chat.stream alternating…\n`);
    const result = await profiled(sides, 9, async (side) => {
      await side.run(servers.streamUrl);
      return servers.deltas;
    });
    report(result, sides, 'event');
  } else {
    throw new Error(`unknown mode ${mode}: throughput or stream`);
  }
} finally {
  await servers.close();
}
process.exit(0);
