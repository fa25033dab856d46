// Ids the session has seen, so that a path parameter can be filled with a real one: after `POST /workflow`
// answers `{ id: 'wf_…' }`, `GET /workflow/{workflow_id}` offers that id. Keyed by the collection's path.

import type { Operation } from './model.js';

export interface RememberedId {
  id: string;
  /** The operation whose response carried it. */
  from: string;
}

/** The collection a path addresses: its last `/{parameter}` taken off (`/workflow/{workflow_id}` → `/workflow`). */
function collectionOf(path: string): string {
  return path.replace(/\/\{[^}]+\}$/, '');
}

/** The collection whose ids a path parameter takes (`/workflow/{workflow_id}/run`, `workflow_id` → `/workflow`). */
export function collectionOfParam(path: string, param: string): string | undefined {
  const at = path.indexOf(`/{${param}}`);
  return at < 0 ? undefined : path.slice(0, at);
}

/** Updates `ids` after a successful call of `op` that answered `data`. */
export function remember(ids: Map<string, RememberedId>, op: Operation, params: Record<string, unknown>, data: unknown): void {
  const key = collectionOf(op.path);
  if (op.method === 'DELETE') {
    const removed = Object.values(params).find((value) => value === ids.get(key)?.id);
    if (removed !== undefined) ids.delete(key);
    return;
  }
  const record = data as { id?: unknown; data?: Array<{ id?: unknown }> } | undefined;
  const id = typeof record?.id === 'string' ? record.id : Array.isArray(record?.data) ? record.data[0]?.id : undefined;
  if (typeof id === 'string') ids.set(key, { id, from: op.id });
}
