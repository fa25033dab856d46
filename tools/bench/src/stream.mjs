// 5. Stream parsing: ~20 MB of chat-delta events from the local stream server, read through fetch
// and parsed into typed events ({event, data} with data JSON-decoded); ratios to eventsource-parser, of the
// throughput (the goal's figure) and of the main thread's CPU time per stream (steadier on a shared machine).
import { CozeAPI as OfficialCozeAPI } from '@coze/api';
import { CozeAPI, EventStream } from '@coze/client';
import { createParser } from 'eventsource-parser';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { collectYoungGarbage, mainThreadCpuNs, median, msSince, rotate } from './stats.mjs';

export const GOAL_RATIO = 1.0;

const init = {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer bench-token' },
  body: JSON.stringify({ ...CHAT_REQUEST, stream: true }),
};

/** Counts the deltas of typed events, and stops at the end marker, as every reader must. */
function tally() {
  const state = { deltas: 0, chars: 0, done: false };
  state.add = (event, data) => {
    if (event === 'chat.message.delta') {
      state.deltas++;
      state.chars += data.delta.length;
    } else if (event === 'done') state.done = true;
  };
  return state;
}

async function readText(response, onText) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onText(decoder.decode(value, { stream: true }));
  }
  onText(decoder.decode());
}

export const PARSERS = [
  {
    id: 'eventsource-parser',
    label: 'eventsource-parser 3 (createParser + JSON.parse)',
    run: async (url) => {
      const seen = tally();
      const parser = createParser({ onEvent: (event) => seen.add(event.event, JSON.parse(event.data)) });
      await readText(await fetch(`${url}/chat`, init), (text) => parser.feed(text));
      return seen;
    },
  },
  {
    id: 'naive-split',
    label: 'naive split parser + JSON.parse',
    run: async (url) => {
      const seen = tally();
      let buffer = '';
      await readText(await fetch(`${url}/chat`, init), (text) => {
        buffer += text;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop();
        for (const block of blocks) {
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          seen.add(event, JSON.parse(data));
        }
      });
      return seen;
    },
  },
  {
    id: 'coze-chat-stream',
    label: 'CozeAPI chat.stream (EventStream, typed events)',
    run: async (url) => {
      const seen = tally();
      const coze = new CozeAPI({ apiKey: 'bench-token', baseURL: url, rateLimit: false });
      for await (const event of coze.chat.stream(CHAT_REQUEST)) seen.add(event.event, event.data);
      seen.done = true; // the loop ends only at the `done` marker; a cut-off stream throws
      return seen;
    },
  },
  {
    id: 'coze-event-stream',
    label: '  ↳ EventStream on a raw fetch response',
    diagnostic: true,
    run: async (url) => {
      const seen = tally();
      const controller = new AbortController();
      const response = await fetch(`${url}/chat`, { ...init, signal: controller.signal });
      for await (const event of new EventStream(response, controller, {})) seen.add(event.event, event.data);
      seen.done = true;
      return seen;
    },
  },
  {
    id: 'coze-api-stream',
    label: '@coze/api 1.3.9 chat.stream',
    run: async (url) => {
      const seen = tally();
      const coze = new OfficialCozeAPI({ token: 'bench-token', baseURL: url });
      const stream = coze.chat.stream({ bot_id: 'bench', additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }] });
      for await (const event of stream) seen.add(event.event, event.data);
      return seen;
    },
  },
  {
    id: 'fetch-read-only',
    label: '  ↳ fetch body read, no decode or parse (ceiling)',
    diagnostic: true,
    run: async (url) => {
      const reader = (await fetch(`${url}/chat`, init)).body.getReader();
      while (!(await reader.read()).done);
      return { deltas: Number.NaN, done: true };
    },
  },
];

export async function runStream({ url, bytes, deltas, rounds, timeLimitMs, log }) {
  const samples = new Map(PARSERS.map((parser) => [parser.id, []]));
  const deadline = performance.now() + timeLimitMs;
  // Round 0 warms up and is not counted.
  for (let round = 0; round <= rounds && performance.now() < deadline; round++) {
    const results = new Map();
    for (const parser of rotate(PARSERS, round)) {
      // A scavenge, not a full GC, as in the throughput section (stats.mjs's collectYoungGarbage says why).
      collectYoungGarbage();
      const start = process.hrtime.bigint();
      const cpuStart = mainThreadCpuNs();
      let seen;
      try {
        seen = await parser.run(url);
      } catch (error) {
        log(`  ! stream ${parser.id}: ${error.message}`);
        continue;
      }
      const ms = msSince(start);
      const cpuMs = (mainThreadCpuNs() - cpuStart) / 1e6;
      if (!seen.done || (Number.isFinite(seen.deltas) && seen.deltas !== deltas)) {
        log(`  ! stream ${parser.id}: saw ${seen.deltas} of ${deltas} deltas${seen.done ? '' : ', no end marker'}`);
        continue;
      }
      results.set(parser.id, { mbps: bytes / 1e6 / (ms / 1000), cpuMs });
    }
    const baseline = results.get('eventsource-parser');
    if (round > 0) {
      for (const [id, { mbps, cpuMs }] of results) {
        samples.get(id).push({ mbps, ratio: mbps / baseline.mbps, cpuMs, cpuRatio: baseline.cpuMs / cpuMs });
      }
    }
    log(`  stream round ${round === 0 ? 'warm-up' : `${round}/${rounds}`} done`);
  }
  return PARSERS.map((parser) => {
    const runs = samples.get(parser.id);
    return {
      id: parser.id,
      parser: parser.label,
      diagnostic: Boolean(parser.diagnostic),
      rounds: runs.length,
      mbPerSec: median(runs.map((run) => run.mbps)),
      ratio: median(runs.map((run) => run.ratio)),
      cpuMs: median(runs.map((run) => run.cpuMs)),
      cpuRatio: median(runs.map((run) => run.cpuRatio)),
    };
  });
}
