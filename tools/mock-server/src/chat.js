import { newId } from './ids.js';
import { unixNow } from './store.js';

/**
 * @typedef {{ role: string, content: string }} ChatMessage
 * @typedef {{ event: string, data: unknown }} ChatEvent
 */

/** How many characters (code points) each streamed delta carries. */
const DELTA_SIZE = 4;

/**
 * The mock model's answer: a greeting in Chinese and the last user message repeated, so answers are predictable
 * and every stream carries multi-byte UTF-8.
 *
 * @param {ChatMessage[]} messages
 */
export function answerFor(messages) {
  const last = messages.findLast((m) => m.role === 'user') ?? messages.at(-1);
  return `你好！You said: ${last?.content ?? ''}`;
}

/**
 * Splits text into deltas of a few code points each, never inside a surrogate pair.
 *
 * @param {string} text
 */
export function splitDeltas(text) {
  const codePoints = Array.from(text);
  /** @type {string[]} */
  const deltas = [];
  for (let i = 0; i < codePoints.length; i += DELTA_SIZE) deltas.push(codePoints.slice(i, i + DELTA_SIZE).join(''));
  return deltas;
}

/**
 * `chat.create`: the whole reply, or with `stream` the events of the spec's stream convention:
 * `chat.created`, the deltas, `chat.completed`, `done`.
 *
 * @param {{ body: { messages: ChatMessage[], model: string, stream?: boolean } }} input
 * @returns {{ status: number, body: unknown } | { stream: ChatEvent[] }}
 */
export function createChat({ body }) {
  const chat = { id: newId('chat'), content: answerFor(body.messages), created: unixNow(), model: body.model };
  if (!body.stream) return { status: 200, body: chat };
  return {
    stream: [
      { event: 'chat.created', data: { id: chat.id, created: chat.created, model: chat.model } },
      ...splitDeltas(chat.content).map((delta) => ({ event: 'chat.message.delta', data: { id: chat.id, delta } })),
      { event: 'chat.completed', data: chat },
      { event: 'done', data: '[DONE]' },
    ],
  };
}
