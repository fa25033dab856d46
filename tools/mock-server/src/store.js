import { newId } from './ids.js';

/**
 * @typedef {object} Workflow
 * @property {string} id
 * @property {string} name
 * @property {string} description
 * @property {unknown[]} nodes
 * @property {number} version
 * @property {number} created_at
 * @property {number} updated_at
 *
 * @typedef {{ name?: string, description?: string, nodes?: unknown[] }} WorkflowFields
 */

/** Unix seconds, the spec's timestamps. */
export const unixNow = () => Math.floor(Date.now() / 1000);

/** A cursor that does not decode to a position this store issued. */
export class CursorError extends Error {}

/**
 * Workflows in memory, kept in creation order so listing newest first is a walk backwards.
 * Cursors are opaque to clients: base64url JSON holding the creation sequence of a page's last workflow.
 */
export function createStore() {
  /** @type {Map<string, { workflow: Workflow, seq: number }>} */
  const workflows = new Map();
  let seq = 0;

  return {
    /** @param {WorkflowFields & { name: string }} fields */
    create(fields) {
      const now = unixNow();
      /** @type {Workflow} */
      const workflow = {
        id: newId('wf'),
        name: fields.name,
        description: fields.description ?? '',
        nodes: fields.nodes ?? [],
        version: 1,
        created_at: now,
        updated_at: now,
      };
      workflows.set(workflow.id, { workflow, seq: ++seq });
      return workflow;
    },

    /** @param {string} id */
    get(id) {
      return workflows.get(id)?.workflow;
    },

    /**
     * A page of workflows, newest first.
     * @param {{ cursor?: string, limit: number }} page
     */
    list({ cursor, limit }) {
      const before = cursor === undefined ? Infinity : decodeCursor(cursor);
      const newestFirst = [...workflows.values()].reverse().filter((entry) => entry.seq < before);
      const page = newestFirst.slice(0, limit);
      const hasMore = newestFirst.length > page.length;
      const last = page.at(-1);
      return {
        data: page.map((entry) => entry.workflow),
        has_more: hasMore,
        next_cursor: hasMore && last ? encodeCursor(last.seq) : null,
      };
    },

    /**
     * @param {string} id
     * @param {WorkflowFields} fields
     */
    update(id, fields) {
      const workflow = workflows.get(id)?.workflow;
      if (!workflow) return undefined;
      Object.assign(workflow, fields, { version: workflow.version + 1, updated_at: unixNow() });
      return workflow;
    },

    /** @param {string} id */
    delete(id) {
      return workflows.delete(id);
    },

    clear() {
      workflows.clear();
    },
  };
}

/** @param {number} seq */
function encodeCursor(seq) {
  return Buffer.from(JSON.stringify({ before: seq })).toString('base64url');
}

/** @param {string} cursor */
function decodeCursor(cursor) {
  try {
    const { before } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(before) && before > 0) return before;
  } catch {
    // Falls through to the error below: any undecodable text is simply not one of our cursors.
  }
  throw new CursorError("Parameter 'cursor' is not a cursor this server issued");
}
