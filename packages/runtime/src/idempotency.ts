/** A fresh Idempotency-Key for one logical call; every retry of the call reuses it. */
export function idempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return `coze-${crypto.randomUUID()}`;
  return `coze-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** POST, PATCH and DELETE act on the server: their retries carry one Idempotency-Key per logical call. */
export function changesState(method: string): boolean {
  return method === 'POST' || method === 'PATCH' || method === 'DELETE';
}
