import { describe, expect, it } from 'vitest';
import { APIError, StreamParseError, type Config } from '../src/index.js';
import { useIntegration } from './helpers/fixture.js';
import { delay, type Handler } from './helpers/server.js';
import { DONE, collect, collectUntilError, frame, openStream, streamSetup } from './helpers/streams.js';

/**
 * Each event's data is decoded from JSON as soon as the event is parsed, before the consumer takes
 * it; chunks that arrive while the consumer holds back are parsed when it gets to them. Neither may
 * change what the consumer sees: the events in order, and a failure where it stands in the stream.
 */
const fx = useIntegration();
const setup = (handler: Handler, config: Config = {}) => streamSetup(fx, handler, config);

describe('data decoded as it is parsed', () => {
  it('data that is not JSON fails the stream where it stands: the events before it, then the first such event', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      // One write: every event here is parsed (and its data decoded) before the consumer takes any.
      res.end(`${frame('delta', { i: 0 })}event: first\ndata: {bad\n\nevent: second\ndata: worse\n\n${frame('delta', { i: 1 })}${DONE}`);
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events.map((event) => event.data)).toEqual([{ i: 0 }]);
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as StreamParseError).event).toBe('first');
    expect((error as Error).message).toBe(`Malformed 'first' event: its data is not JSON ("{bad")`);
  });

  it('an error event whose data is not JSON is a StreamParseError, not the API error it could not be read as', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`${frame('delta', { i: 0 })}event: error\ndata: Internal Server Error\n\n`);
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(StreamParseError);
    expect(error).not.toBeInstanceOf(APIError);
    expect((error as StreamParseError).event).toBe('error');
  });

  it('an end marker whose data is not JSON ends the stream quietly', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`${frame('delta', { i: 0 })}event: done\ndata: [DONE]\n\n`);
    });
    const events = await collect(await stream());
    expect(events.map((event) => event.data)).toEqual([{ i: 0 }]);
  });
});

describe('chunks read ahead of a consumer that holds back', () => {
  it('are parsed as it reaches them: an event over maxEventSize among them ends the stream after the events before it, none after', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      // Two events at once, so that one is still queued while the consumer holds the first…
      res.write(frame('delta', { i: 0 }) + frame('delta', { i: 1 }));
      await delay(20);
      // …and these arrive meanwhile, in writes of their own.
      for (let i = 2; i < 4; i++) {
        res.write(frame('delta', { i }));
        await delay(5);
      }
      res.write(`data: ${'y'.repeat(600)}\ndata: ${'y'.repeat(600)}\n`);
      await delay(5);
      res.end(`\n${frame('delta', { i: 99 })}${DONE}`);
    });
    const { events, error } = await collectUntilError(await stream({ maxEventSize: 1000 }), () => delay(100));
    expect(events.map((event) => event.data)).toEqual([0, 1, 2, 3].map((i) => ({ i })));
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toMatch(/larger than the limit of 1000 characters/);
  });

  it('are all delivered, in order, when the stream is sound', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }) + frame('delta', { i: 1 }));
      for (let i = 2; i < 6; i++) {
        await delay(5);
        res.write(frame('delta', { i }) + frame('delta', { i: i + 10 }));
      }
      res.end(DONE);
    });
    const seen: unknown[] = [];
    for await (const event of await stream()) {
      seen.push((event.data as { i: number }).i);
      await delay(40);
    }
    expect(seen).toEqual([0, 1, 2, 12, 3, 13, 4, 14, 5, 15]);
  });
});
