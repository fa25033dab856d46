/**
 * What the local servers send: the chat object `POST /chat` returns, and ~20 MB of realistic
 * chat-delta events (~100 bytes each, Chinese text) for the stream benchmark.
 */

export const CHAT = {
  id: 'chat_9tptVTV3HCW9Bb0a',
  content: '你好！You said: hi',
  created: 1795637660,
  model: 'gpt-3.5-turbo',
};

export const CHAT_REQUEST = { messages: [{ role: 'user', content: 'hi' }] };

const PIECES = [
  '扣子是新一代',
  ' AI 应用开发平台，',
  '无论你是否有编程基础，',
  '都可以快速搭建',
  '基于大模型的 AI 应用。',
  '工作流让复杂任务',
  '变得简单可靠，',
  'quick brown 狐狸。',
];

function frame(event, data) {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * One streamed chat of at least `bytes` bytes: `chat.created`, delta events, `chat.completed`,
 * then the `done` end marker. Returns the encoded stream and how many delta events it holds.
 */
export function chatStreamPayload(bytes) {
  const id = CHAT.id;
  const parts = [frame('chat.created', { id, created: CHAT.created, model: CHAT.model })];
  let size = Buffer.byteLength(parts[0]);
  let deltas = 0;
  while (size < bytes) {
    const part = frame('chat.message.delta', { id, delta: PIECES[deltas % PIECES.length] });
    parts.push(part);
    size += Buffer.byteLength(part);
    deltas++;
  }
  parts.push(frame('chat.completed', CHAT), frame('done', '[DONE]'));
  return { buffer: Buffer.from(parts.join('')), deltas };
}
