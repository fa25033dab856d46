import { newId } from './ids.js';
import { HttpError } from './respond.js';
import { CursorError, unixNow } from './store.js';

/**
 * @typedef {import('./store.js').Workflow} Workflow
 * @typedef {{ body: any, path: Record<string, any>, query: Record<string, any>,
 *   store: ReturnType<typeof import('./store.js').createStore> }} HandlerInput
 */

/** @param {HandlerInput['store']} store @param {string} id */
function found(store, id) {
  const workflow = store.get(id);
  if (!workflow) throw new HttpError(404, `No workflow has the id '${id}'`);
  return workflow;
}

/**
 * The workflow operations, by operationId. Requests reach them validated against the spec, defaults filled in.
 * @type {Record<string, (input: HandlerInput) => { status: number, body: unknown }>}
 */
export const workflowHandlers = {
  'workflow.create': ({ body, store }) => ({ status: 201, body: store.create(body) }),

  'workflow.list': ({ query, store }) => {
    try {
      return { status: 200, body: store.list({ cursor: query.cursor, limit: query.limit }) };
    } catch (error) {
      if (error instanceof CursorError) throw new HttpError(400, error.message);
      throw error;
    }
  },

  'workflow.get': ({ path, store }) => ({ status: 200, body: found(store, path.workflow_id) }),

  'workflow.update': ({ path, body, store }) => {
    found(store, path.workflow_id);
    return { status: 200, body: store.update(path.workflow_id, body) };
  },

  'workflow.delete': ({ path, store }) => {
    found(store, path.workflow_id);
    store.delete(path.workflow_id);
    return { status: 200, body: { id: path.workflow_id, deleted: true } };
  },

  // Runs finish at once and echo their inputs as outputs, so tests can predict every field but the ids.
  'workflow.run': ({ path, body, store }) => {
    const workflow = found(store, path.workflow_id);
    const now = unixNow();
    return {
      status: 200,
      body: {
        id: newId('run'),
        workflow_id: workflow.id,
        status: 'succeeded',
        outputs: { ...body.inputs },
        created: now,
        finished: now,
      },
    };
  },
};
