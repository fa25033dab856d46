/** A fresh Idempotency-Key for one logical call; every retry of the call reuses it. */
export function idempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return `coze-${crypto.randomUUID()}`;
  return `coze-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
