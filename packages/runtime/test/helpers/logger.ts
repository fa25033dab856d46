import type { Logger } from '../../src/index.js';

type Line = { level: keyof Logger; text: string };

/** A console-like logger that keeps what it is given. */
export function collector(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const keep = (level: keyof Logger) => (text: string) => {
    lines.push({ level, text });
  };
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}
