#!/usr/bin/env node
// `node --expose-gc src/throughput-probe.mjs [concurrency 16] [calls 2000] [rounds 6] [sides]`: where the wall
// clock goes (issue 18, goal 4). Alternating bursts of the hand-written node:http request, the same with the
// SDK's headers and CozeAPI.chat.create, each with counts beside the wall clock (Linux): the main thread's
// on-CPU time and run-queue wait (schedstat), the CPU of the process's other threads (V8's compiler and GC
// helpers), the server process's CPU, sockets opened, bytes written and read, GCs, event-loop idle time.
// Between bursts: a scavenge, or PROBE_GC=full (what the bench did; see collectYoungGarbage), or none
// (PROBE_GC=0); PROBE_REWARM=n runs n untimed calls after it. `sides`: labels, comma-separated.
import { readFileSync, readdirSync } from 'node:fs';
import { fork } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { CozeAPI } from '@coze/client';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { nodeHttp, nodeHttpSdkHeaders } from './clients.mjs';
import { collectYoungGarbage } from './stats.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
const concurrency = Number(args[0] ?? 16);
const requests = Number(args[1] ?? 2000);
const rounds = Number(args[2] ?? 6);
const only = args[3];

function tasksStat(pid) {
  let cpu = 0;
  let wait = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [c, w] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      cpu += Number(c);
      wait += Number(w);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return { cpu, wait };
}
function threadsByName(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const c = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      out[`${name}#${tid}`] = c;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}
function mainStat() {
  const [cpu, wait, slices] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { cpu, wait, slices };
}

const child = fork(new URL('./server-process.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const info = await new Promise((resolve) => child.once('message', resolve));
const serverPid = child.pid;

const sockets = [];
subscribe('net.client.socket', ({ socket }) => sockets.push(socket));
let gcs = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcs++;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const coze = new CozeAPI({ apiKey: 'bench-token', baseURL: info.chatUrl, rateLimit: false });
const base = nodeHttp.create(info.chatUrl, 'bench-token');
const baseHdr = nodeHttpSdkHeaders.create(info.chatUrl, 'bench-token');
let sides = [
  { label: 'node:http', call: base.call },
  { label: '+SDK hdrs', call: baseHdr.call },
  { label: 'CozeAPI', call: () => coze.chat.create(CHAT_REQUEST) },
];
if (only) sides = sides.filter((s) => only.split(',').includes(s.label));

async function burst(call, n) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const threads0 = threadsByName(process.pid);
const acc = new Map(sides.map((s) => [s.label, []]));
for (let round = 0; round <= rounds; round++) {
  for (const side of round % 2 ? [...sides].reverse() : sides) {
    if (process.env.PROBE_GC === 'full') globalThis.gc?.();
    else if (process.env.PROBE_GC !== '0') collectYoungGarbage();
    if (process.env.PROBE_REWARM) await burst(side.call, Number(process.env.PROBE_REWARM));
    const n = round === 0 ? requests / 4 : requests;
    const s0 = sockets.length;
    const bytes0 = sockets.reduce((sum, s) => sum + s.bytesWritten, 0);
    const read0 = sockets.reduce((sum, s) => sum + s.bytesRead, 0);
    const gc0 = gcs;
    const gcMs0 = gcMs;
    const m0 = mainStat();
    const p0 = tasksStat(process.pid);
    const v0 = tasksStat(serverPid);
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    await burst(side.call, n);
    const wall = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0);
    const m1 = mainStat();
    const p1 = tasksStat(process.pid);
    const v1 = tasksStat(serverPid);
    const per = (ns) => ns / 1000 / n;
    const row = {
      wall: (wall * 1000) / n,
      mainCpu: per(m1.cpu - m0.cpu),
      mainWait: per(m1.wait - m0.wait),
      slices: (m1.slices - m0.slices) / n,
      otherCpu: per(p1.cpu - p0.cpu - (m1.cpu - m0.cpu)),
      srvCpu: per(v1.cpu - v0.cpu),
      srvWait: per(v1.wait - v0.wait),
      idle: (elu.idle * 1000) / n,
      newSockets: sockets.length - s0,
      wBytes: (sockets.reduce((sum, s) => sum + s.bytesWritten, 0) - bytes0) / n,
      rBytes: (sockets.reduce((sum, s) => sum + s.bytesRead, 0) - read0) / n,
      gcs: gcs - gc0,
      gcUs: ((gcMs - gcMs0) * 1000) / n,
    };
    if (round > 0) acc.get(side.label).push(row);
  }
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const keys = Object.keys(acc.get(sides[0].label)[0]);
console.log(`c=${concurrency}, ${requests} calls x ${rounds} rounds; medians (min-max), µs per call unless a count`);
console.log('metric'.padEnd(12), ...sides.map((s) => s.label.padStart(24)));
for (const key of keys) {
  console.log(
    key.padEnd(12),
    ...sides.map((s) => {
      const xs = acc.get(s.label).map((r) => r[key]);
      return `${med(xs).toFixed(2)} (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`.padStart(24);
    }),
  );
}
const ratio = (key) => {
  const a = acc.get(sides[0].label);
  const b = acc.get(sides[sides.length - 1].label);
  return med(a.map((r, i) => r[key] / b[i][key]));
};
console.log(`wall ratio (base/sdk per round, median) ${ratio('wall').toFixed(3)}; main CPU ratio ${ratio('mainCpu').toFixed(3)}; server CPU ratio ${ratio('srvCpu').toFixed(3)}`);
const threads1 = threadsByName(process.pid);
console.log('threads (ms CPU over the run):', Object.entries(threads1).map(([k, v]) => `${k} ${((v - (threads0[k] ?? 0)) / 1e6).toFixed(0)}`).join(', '));
console.log('sockets opened in all:', sockets.length);
await base.close();
await baseHdr.close();
child.disconnect();
process.exit(0);
