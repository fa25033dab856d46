// An app's own code, as the example test (test/ticket-replies.test.ts) tests it against @coze/mock-server: it
// drafts a reply to a support ticket, streaming it to the agent's screen, and falls back to a holding reply when
// the platform asks it to wait longer than a person should.
import { CozeAPI, RateLimitError } from '@coze/client';

export interface Draft {
  text: string;
  /** `model` when the model wrote it, `fallback` when the platform was busy. */
  source: 'model' | 'fallback';
}

export const HOLDING_REPLY = 'Thanks for writing in: a person will answer you shortly.';

/** Drafts a reply to `ticket`; `onText` gets the text as it streams in. */
export async function draftReply(coze: CozeAPI, ticket: string, onText: (text: string) => void = () => undefined): Promise<Draft> {
  try {
    let text = '';
    const stream = coze.chat.stream({
      messages: [
        { role: 'system', content: 'You draft short, kind replies to support tickets.' },
        { role: 'user', content: ticket },
      ],
    });
    for await (const delta of stream.textDeltas()) {
      text += delta;
      onText(delta);
    }
    return { text, source: 'model' };
  } catch (error) {
    if (error instanceof RateLimitError) return { text: HOLDING_REPLY, source: 'fallback' };
    throw error;
  }
}
